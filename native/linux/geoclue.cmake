# The GeoClue2 addon for cmake-js on Linux, the same target binding.gyp
# builds: `whereami` (native/addon + native/linux), linked against gio-2.0
# when pkg-config finds it. CMakeLists.txt includes this file; without the
# library it adds nothing and says so, and calls say UNSUPPORTED_PLATFORM.
#
# Needs what cmake-js provides: CMAKE_JS_INC, CMAKE_JS_SRC, CMAKE_JS_LIB.
get_filename_component(WHEREAMI_GC_ROOT "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(WHEREAMI_GIO QUIET IMPORTED_TARGET gio-2.0)
endif()

if(NOT WHEREAMI_GIO_FOUND)
  message(STATUS "node-whereami: GeoClue2 support not built: pkg-config finds no gio-2.0 "
                 "(apt install pkg-config libglib2.0-dev)")
  return()
endif()

execute_process(
  COMMAND node -p "require('path').resolve(require('node-addon-api').include_dir)"
  WORKING_DIRECTORY "${WHEREAMI_GC_ROOT}"
  OUTPUT_VARIABLE WHEREAMI_GC_NAPI_INCLUDE
  OUTPUT_STRIP_TRAILING_WHITESPACE)

add_library(whereami SHARED
  ${CMAKE_JS_SRC}
  "${WHEREAMI_GC_ROOT}/native/addon/addon.cc"
  "${WHEREAMI_GC_ROOT}/native/addon/bridge.cc"
  "${WHEREAMI_GC_ROOT}/native/addon/js_convert.cc"
  "${WHEREAMI_GC_ROOT}/native/addon/provider_wrap.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_bus.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_client.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_core.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_mapping.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_provider.cc"
  "${WHEREAMI_GC_ROOT}/native/linux/gc_thread.cc")
set_target_properties(whereami PROPERTIES PREFIX "" SUFFIX ".node" CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON
                                          CXX_VISIBILITY_PRESET hidden)
target_include_directories(whereami PRIVATE ${CMAKE_JS_INC} "${WHEREAMI_GC_NAPI_INCLUDE}")
target_compile_definitions(whereami PRIVATE NAPI_VERSION=8 NODE_ADDON_API_DISABLE_DEPRECATED
                                            NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS)
target_link_libraries(whereami PRIVATE ${CMAKE_JS_LIB} PkgConfig::WHEREAMI_GIO)
