# node-gyp build of the native addon.
#
# macOS: `whereami`, the CoreLocation addon (universal arm64 + x86_64, ARC,
#   deployment target 10.15, unguarded availability is an error).
# Linux: `whereami`, the GeoClue2 addon, when pkg-config finds gio-2.0.
# This file is published and is all a user's install reads: it builds only
# the real targets and names no file outside the package's `files`. The
# CoreLocation test double's targets live in test/native/double-targets.gypi,
# which only scripts/native/build-double.mjs hands to gyp (with -I).
{
  'variables': {
    # 1 on Linux when pkg-config finds gio-2.0 (the GeoClue2 provider's GDBus).
    'whereami_geoclue%': '<!(node scripts/native/geoclue-config.mjs --available)',
    # Part of every Objective-C class name (native/darwin/objc_compat.h), so
    # two versions of the addon can share a process: v0_1_0 for 0.1.0.
    'whereami_objc_tag': "<!(node -p \"'v' + require('./package.json').version.replace(/[^A-Za-z0-9]/g, '_')\")",
  },
  'target_defaults': {
    'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
    # SWALLOW_UNTHROWABLE: an error met while a worker is being terminated
    # must not become a fatal abort inside node-addon-api.
    'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED', 'NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS',
                'WHEREAMI_OBJC_TAG=<(whereami_objc_tag)'],
    'cflags_cc!': ['-fno-exceptions', '-fno-rtti'],
    'cflags_cc': ['-std=c++17', '-fexceptions'],
  },
  'conditions': [
    ['OS=="mac"', {
      'targets': [{
        'target_name': 'whereami',
        'sources': [
          'native/addon/addon.cc',
          'native/addon/bridge.cc',
          'native/addon/js_convert.cc',
          'native/addon/provider_wrap.cc',
          'native/darwin/cl_delegate.mm',
          'native/darwin/cl_geocoder.mm',
          'native/darwin/cl_location_core.mm',
          'native/darwin/cl_mapping.mm',
          'native/darwin/cl_provider.mm',
          'native/darwin/cl_thread.mm',
        ],
        'xcode_settings': {
          'MACOSX_DEPLOYMENT_TARGET': '10.15',
          'CLANG_ENABLE_OBJC_ARC': 'YES',
          'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
          'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
          'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
          'OTHER_CFLAGS': ['-arch', 'x86_64', '-arch', 'arm64', '-Werror=unguarded-availability-new',
                           '-Werror=objc-property-implementation'],
          'OTHER_LDFLAGS': ['-arch', 'x86_64', '-arch', 'arm64'],
        },
        'link_settings': {
          'libraries': ['$(SDKROOT)/System/Library/Frameworks/CoreLocation.framework',
                        '$(SDKROOT)/System/Library/Frameworks/Foundation.framework'],
        },
      }, {
        # The executable that asks for permission on behalf of the CLI and
        # plain Node scripts: an Info.plist in __TEXT,__info_plist gives it a
        # bundle identity and usage strings, and it is ad-hoc signed.
        'target_name': 'whereami-helper',
        'type': 'executable',
        'sources': [
          'native/helper/helper_main.mm',
          'native/helper/helper_session.cc',
          'native/helper/json_writer.cc',
          'native/helper/request_reader.mm',
          'native/darwin/cl_delegate.mm',
          'native/darwin/cl_geocoder.mm',
          'native/darwin/cl_location_core.mm',
          'native/darwin/cl_mapping.mm',
          'native/darwin/cl_provider.mm',
          'native/darwin/cl_thread.mm',
        ],
        'xcode_settings': {
          'MACOSX_DEPLOYMENT_TARGET': '10.15',
          'CLANG_ENABLE_OBJC_ARC': 'YES',
          'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
          'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
          'OTHER_CFLAGS': ['-arch', 'x86_64', '-arch', 'arm64', '-Werror=unguarded-availability-new',
                           '-Werror=objc-property-implementation'],
          'OTHER_LDFLAGS': ['-arch', 'x86_64', '-arch', 'arm64',
                            # gyp's make generator writes these into a shell command
                            # unquoted: the quotes keep a path with spaces one word.
                            '-sectcreate', '__TEXT', '__info_plist', "'<(module_root_dir)/native/helper/Info.plist'"],
        },
        'link_settings': {
          'libraries': ['$(SDKROOT)/System/Library/Frameworks/CoreLocation.framework',
                        '$(SDKROOT)/System/Library/Frameworks/Foundation.framework'],
        },
        # An ad-hoc signature's own designated requirement is the code's hash,
        # new with every build; the privacy database keeps a grant with the
        # requirement it recorded, so every update would look like another
        # program. An explicit requirement on the identifier stays the same
        # across builds (see README, "After updating node-whereami").
        'postbuilds': [{
          'postbuild_name': 'Ad-hoc sign whereami-helper',
          'action': ['codesign', '--force', '--sign', '-', '--identifier', 'io.github.node-whereami.helper',
                     '-r=designated => identifier "io.github.node-whereami.helper"',
                     '${BUILT_PRODUCTS_DIR}/${EXECUTABLE_PATH}'],
        }],
      }],
    }],
    ['OS=="linux" and whereami_geoclue==1', {
      # Linux: `whereami`, the GeoClue2 provider (native/linux, GDBus) behind
      # the same addon, built when pkg-config finds gio-2.0. Without it the
      # build has no addon and calls say UNSUPPORTED_PLATFORM.
      'targets': [{
        'target_name': 'whereami',
        'sources': [
          'native/addon/addon.cc',
          'native/addon/bridge.cc',
          'native/addon/js_convert.cc',
          'native/addon/provider_wrap.cc',
          'native/linux/gc_bus.cc',
          'native/linux/gc_client.cc',
          'native/linux/gc_core.cc',
          'native/linux/gc_mapping.cc',
          'native/linux/gc_provider.cc',
          'native/linux/gc_thread.cc',
        ],
        'cflags': ['<!@(node scripts/native/geoclue-config.mjs --cflags)', '-fvisibility=hidden'],
        'libraries': ['<!@(node scripts/native/geoclue-config.mjs --libs)'],
      }],
    }],
    ['OS!="mac" and (OS!="linux" or whereami_geoclue!=1)', {
      # Nothing to build here yet: the package imports everywhere and
      # reports UNSUPPORTED_PLATFORM where no provider exists.
      'targets': [{ 'target_name': 'whereami_none', 'type': 'none' }],
    }],
  ],
}
