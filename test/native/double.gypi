# Included by the Linux test-double targets of double-targets.gypi (the addon and the
# helper): how to compile native/darwin's Objective-C(++) and the CoreLocation
# double with clang against GNUstep. gyp's make generator silently skips
# .m/.mm sources on Linux, so rules call clang themselves; rule outputs do not
# track header dependencies (the npm scripts rebuild from clean).
{
  'variables': {
    'objc_flags': [
      '-fobjc-runtime=gcc', '-fblocks', '-fexceptions', '-fobjc-exceptions',
      '-fconstant-string-class=NSConstantString', '-fno-strict-aliasing', '-fPIC', '-pthread',
      '-DGNUSTEP', '-DGNUSTEP_BASE_LIBRARY=1', '-DGNU_RUNTIME=1', '-D_NATIVE_OBJC_EXCEPTIONS',
      '-DWHEREAMI_TEST_DOUBLE', '-DWHEREAMI_OBJC_TAG=<(whereami_objc_tag)', '-I<(objc_include)', '-I<(gnustep_headers)',
      '-I<(module_root_dir)/test/native/fake-corelocation/include',
      '-Wall', '-Wno-unused-parameter', '-Werror=objc-property-implementation', '-O1',
      # DWARF 4: valgrind 3.19 cannot read clang 14's default DWARF 5.
      '-gdwarf-4',
    ],
    'coverage_flags': [],
    'conditions': [
      ['whereami_coverage==1', {
        'coverage_flags': ['-fprofile-instr-generate', '-fcoverage-mapping', '-O0'],
      }],
    ],
  },
  'rules': [
    {
      'rule_name': 'objcxx',
      'extension': 'mm',
      'outputs': ['<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).mm.o'],
      'action': ['clang++', '-x', 'objective-c++', '-std=c++17', '<@(objc_flags)', '<@(coverage_flags)',
                 '-c', '<(RULE_INPUT_PATH)', '-o', '<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).mm.o'],
      'message': 'clang++ (Objective-C++) <(RULE_INPUT_PATH)',
      'process_outputs_as_sources': 1,
    },
    {
      'rule_name': 'objc',
      'extension': 'm',
      'outputs': ['<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).m.o'],
      'action': ['clang', '-x', 'objective-c', '<@(objc_flags)',
                 '-c', '<(RULE_INPUT_PATH)', '-o', '<(INTERMEDIATE_DIR)/<(RULE_INPUT_ROOT).m.o'],
      'message': 'clang (Objective-C) <(RULE_INPUT_PATH)',
      'process_outputs_as_sources': 1,
    },
  ],
  # libBlocksRuntime first and kept: GNUstep exports its own, incompatible
  # _Block_copy, and the CLGeocoder double copies clang's blocks.
  'libraries': ['-Wl,--no-as-needed', '-lBlocksRuntime', '-lgnustep-base', '-lobjc'],
  'conditions': [
    ['whereami_coverage==1', {
      'libraries': ['<!(clang -print-file-name=libclang_rt.profile-x86_64.a)', '-Wl,-u,__llvm_profile_runtime'],
    }],
  ],
}
