# The bench's own floor: a bare thread-safe-function round trip to a native
# thread (bench/native/tsfn_floor.cc). Built by bench/native-floor.mjs into
# bench/native/build/, never shipped (the package's files list omits bench/).
{
  'targets': [{
    'target_name': 'tsfn_floor',
    'sources': ['tsfn_floor.cc'],
    'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
    'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
    'cflags_cc!': ['-fno-exceptions'],
    'cflags_cc': ['-std=c++17', '-fexceptions', '-O2'],
  }],
}
