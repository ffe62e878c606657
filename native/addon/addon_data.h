// Per-environment state of the addon (each worker thread has its own), set
// with env.SetInstanceData at load and freed with the environment.
#ifndef WHEREAMI_ADDON_ADDON_DATA_H_
#define WHEREAMI_ADDON_ADDON_DATA_H_

#include <napi.h>

namespace whereami::addon {

struct AddonData {
  Napi::FunctionReference provider_class;
  // Builds a fix object from its fields in one JS call (see js_convert.cc).
  Napi::FunctionReference fix_maker;
};

}  // namespace whereami::addon

#endif  // WHEREAMI_ADDON_ADDON_DATA_H_
