# The CoreLocation double's targets. Only scripts/native/build-double.mjs
# reads this file, handing it to gyp with -I next to the published
# binding.gyp (which knows nothing of the double and is all a user's install
# reads). On Linux: `whereami_double`, native/darwin and native/addon against
# the double on GNUstep with the test-only scripting export, and
# `whereami_helper_double`, the helper over the same. Other names than the
# real targets, so the package's loader never picks them up. The source lists
# live in double-sources.json (shared with the CMake build).
{
  'variables': {
    'whereami_coverage%': 0,
  },
  'conditions': [
    ['OS=="linux"', {
      'variables': {
        'objc_include': '<!(node scripts/native/objc-include.mjs)',
        'gnustep_headers': '<!(gnustep-config --variable=GNUSTEP_SYSTEM_HEADERS)',
      },
      'targets': [{
        'target_name': 'whereami_double',
        'defines': ['WHEREAMI_TEST_DOUBLE'],
        'include_dirs': ['fake-corelocation/include'],
        'sources': ['<!@(node test/native/double-sources.mjs addon darwin double)'],
        'includes': ['double.gypi'],
      }, {
        'target_name': 'whereami_helper_double',
        'type': 'executable',
        'defines': ['WHEREAMI_TEST_DOUBLE'],
        'include_dirs': ['fake-corelocation/include'],
        'sources': ['<!@(node test/native/double-sources.mjs helper darwin double)'],
        'includes': ['double.gypi'],
      }],
    }],
  ],
}
