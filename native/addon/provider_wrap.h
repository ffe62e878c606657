// The JS object createProvider() returns: the NativeProvider interface of
// src/backends/native-binding.ts over one native Provider and its Bridge.
#ifndef WHEREAMI_ADDON_PROVIDER_WRAP_H_
#define WHEREAMI_ADDON_PROVIDER_WRAP_H_

#include <napi.h>

#include <memory>

#include "bridge.h"

namespace whereami::addon {

class ProviderWrap : public Napi::ObjectWrap<ProviderWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ProviderWrap(const Napi::CallbackInfo& info);
  ~ProviderWrap() override;

 private:
  Napi::Value RequestLocation(const Napi::CallbackInfo& info);
  void Cancel(const Napi::CallbackInfo& info);
  Napi::Value StartWatch(const Napi::CallbackInfo& info);
  void StopWatch(const Napi::CallbackInfo& info);
  void AuthorizationStatus(const Napi::CallbackInfo& info);
  void RequestAuthorization(const Napi::CallbackInfo& info);
  void LocationServicesEnabled(const Napi::CallbackInfo& info);
  void AccuracyAuthorization(const Napi::CallbackInfo& info);
  Napi::Value ReverseGeocode(const Napi::CallbackInfo& info);
  Napi::Value ForwardGeocode(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  // Throws (as a JS Error) and returns null when the provider is closed.
  Bridge* Open(Napi::Env env);

  std::shared_ptr<Bridge> m_bridge;
};

}  // namespace whereami::addon

#endif  // WHEREAMI_ADDON_PROVIDER_WRAP_H_
