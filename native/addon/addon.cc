// The N-API entry point: exports the NativeBinding of
// src/backends/native-binding.ts. Knows no platform: the provider comes from
// CreatePlatformProvider() of whichever native/<platform> was linked in.
#include <napi.h>

#include "../provider.h"
#include "addon_data.h"
#include "js_convert.h"
#include "provider_wrap.h"

#ifdef WHEREAMI_TEST_DOUBLE
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#endif

namespace whereami::addon {

#ifdef WHEREAMI_TEST_DOUBLE
Napi::Object MakeTestDoubleControls(Napi::Env env);
#endif

namespace {

Napi::Value CreateProvider(const Napi::CallbackInfo& info) {
  auto* data = info.Env().GetInstanceData<AddonData>();
  return data->provider_class.New({});
}

Napi::Value BundleInfo(const Napi::CallbackInfo& info) {
  return BundleInfoToJs(info.Env(), GetMainBundleInfo());
}

#ifdef WHEREAMI_TEST_DOUBLE
// GNUstep makes the first thread that touches Foundation its main thread; if
// that is a worker's thread, GNUstep later ends the process with exit(0)
// from its thread teardown, and a test run looks green. So in the GNUstep
// build the addon must first be loaded on the process's main thread.
std::atomic<bool> g_loaded_on_main_thread{false};

bool GuardGnustepMainThread(Napi::Env env) {
  if (syscall(SYS_gettid) == getpid()) {
    g_loaded_on_main_thread = true;
    return true;
  }
  if (g_loaded_on_main_thread) return true;
  Napi::Error::New(env,
                   "whereami (GNUstep test build): load the addon on the main thread before any worker thread "
                   "loads it; GNUstep would otherwise adopt the worker as its main thread and exit(0) later.")
      .ThrowAsJavaScriptException();
  return false;
}
#endif

Napi::Object Init(Napi::Env env, Napi::Object exports) {
#ifdef WHEREAMI_TEST_DOUBLE
  if (!GuardGnustepMainThread(env)) return exports;
#endif
  auto* data = new AddonData();
  data->provider_class = Napi::Persistent(ProviderWrap::Define(env));
  data->fix_maker = Napi::Persistent(CompileFixMaker(env));
  env.SetInstanceData(data);
  exports.Set("abiVersion", Napi::Number::New(env, kAbiVersion));
  exports.Set("provider", Napi::String::New(env, PlatformProviderName()));
  exports.Set("createProvider", Napi::Function::New(env, CreateProvider, "createProvider"));
  exports.Set("bundleInfo", Napi::Function::New(env, BundleInfo, "bundleInfo"));
#ifdef WHEREAMI_TEST_DOUBLE
  // Scripting of the CoreLocation double; compiled only into the test build.
  exports.Set("testDouble", MakeTestDoubleControls(env));
#endif
  return exports;
}

}  // namespace
}  // namespace whereami::addon

static Napi::Object InitWhereami(Napi::Env env, Napi::Object exports) {
  return whereami::addon::Init(env, exports);
}

NODE_API_MODULE(whereami, InitWhereami)
