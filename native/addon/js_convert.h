// The provider's plain C++ values as the JS objects of
// src/backends/native-binding.ts. Absent optionals become absent properties,
// never undefined or null.
#ifndef WHEREAMI_ADDON_JS_CONVERT_H_
#define WHEREAMI_ADDON_JS_CONVERT_H_

#include <napi.h>

#include <vector>

#include "../provider.h"

namespace whereami::addon {

// The function FixToJs calls, compiled once per environment (AddonData::fix_maker).
Napi::Function CompileFixMaker(Napi::Env env);
Napi::Object FixToJs(Napi::Env env, const Fix& fix);
Napi::Object ErrorToJs(Napi::Env env, const Error& error);
Napi::Array PlacesToJs(Napi::Env env, const std::vector<Place>& places);
Napi::Object BundleInfoToJs(Napi::Env env, const BundleInfo& info);

}  // namespace whereami::addon

#endif  // WHEREAMI_ADDON_JS_CONVERT_H_
