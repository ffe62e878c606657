// Argument checks and the wiring of each NativeProvider method to the native
// Provider. Provider callbacks run on the provider's thread; each copies its
// plain C++ result into a task the Bridge runs on the JS thread.
#include "provider_wrap.h"

#include "js_convert.h"

namespace whereami::addon {

namespace {

double NumberArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  return info[index].As<Napi::Number>().DoubleValue();
}

Napi::Function FunctionArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsFunction()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a function");
  return info[index].As<Napi::Function>();
}

RequestId IdArg(const Napi::CallbackInfo& info) {
  return static_cast<RequestId>(NumberArg(info, 0, "id"));
}

// A Node-style (error, value) answer that settles request `id`.
template <typename Make>
void Answer(Bridge* bridge, RequestId id, Make make) {
  bridge->Send([bridge, id, make = std::move(make)](Napi::Env env) {
    if (!bridge->IsPending(id)) return;
    bridge->Settle(env, id, 1, {env.Null(), make(env)});
  });
}

// Settles request `id` with `error`, through its first callback (Node-style
// callbacks take the error first) or its second (a watch's onError).
void Fail(Bridge* bridge, RequestId id, const Error& error, int which) {
  bridge->Send([bridge, id, error, which](Napi::Env env) { bridge->Settle(env, id, which, {ErrorToJs(env, error)}); });
}

GeocodeCallback GeocodeAnswer(Bridge* bridge, RequestId id) {
  return [bridge, id](const std::vector<Place>& places, const Error* error) {
    if (error != nullptr) {
      Fail(bridge, id, *error, 1);
    } else {
      Answer(bridge, id, [places](Napi::Env env) -> napi_value { return PlacesToJs(env, places); });
    }
  };
}

}  // namespace

Napi::Function ProviderWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeProvider",
                     {
                         InstanceMethod<&ProviderWrap::RequestLocation>("requestLocation"),
                         InstanceMethod<&ProviderWrap::Cancel>("cancel"),
                         InstanceMethod<&ProviderWrap::StartWatch>("startWatch"),
                         InstanceMethod<&ProviderWrap::StopWatch>("stopWatch"),
                         InstanceMethod<&ProviderWrap::AuthorizationStatus>("authorizationStatus"),
                         InstanceMethod<&ProviderWrap::RequestAuthorization>("requestAuthorization"),
                         InstanceMethod<&ProviderWrap::LocationServicesEnabled>("locationServicesEnabled"),
                         InstanceMethod<&ProviderWrap::AccuracyAuthorization>("accuracyAuthorization"),
                         InstanceMethod<&ProviderWrap::ReverseGeocode>("reverseGeocode"),
                         InstanceMethod<&ProviderWrap::ForwardGeocode>("forwardGeocode"),
                         InstanceMethod<&ProviderWrap::Close>("close"),
                     });
}

ProviderWrap::ProviderWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ProviderWrap>(info) {
  m_bridge = Bridge::Create(info.Env());
  if (!m_bridge) throw info.Env().GetAndClearPendingException();
}

ProviderWrap::~ProviderWrap() {
  // Collected without close(): stop the thread all the same.
  if (m_bridge) m_bridge->Close(false);
}

Bridge* ProviderWrap::Open(Napi::Env env) {
  if (!m_bridge || m_bridge->closed()) throw Napi::Error::New(env, "The location provider is closed.");
  return m_bridge.get();
}

Napi::Value ProviderWrap::RequestLocation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequestOptions options;
  options.accuracy_m = NumberArg(info, 0, "accuracy");
  options.maximum_age_ms = NumberArg(info, 1, "maximumAgeMs");
  // Optional and last, so a caller that predates it still works.
  options.reduced = info.Length() > 4 && info[4].IsBoolean() && info[4].As<Napi::Boolean>().Value();
  Napi::Function callback = FunctionArg(info, 2, "callback");
  Napi::Function on_prompt = info[3].IsFunction() ? info[3].As<Napi::Function>() : Napi::Function();
  Bridge* bridge = Open(env);
  RequestId id = bridge->Begin(callback, on_prompt);
  RequestCallbacks callbacks;
  callbacks.on_fix = [bridge, id](const Fix& fix) {
    Answer(bridge, id, [fix](Napi::Env env) -> napi_value { return FixToJs(env, fix); });
  };
  callbacks.on_error = [bridge, id](const Error& error) { Fail(bridge, id, error, 1); };
  callbacks.on_prompt = [bridge, id](bool pending) {
    bridge->Send(
        [bridge, id, pending](Napi::Env env) { bridge->Notify(env, id, 2, {Napi::Boolean::New(env, pending)}); });
  };
  bridge->provider()->RequestLocation(id, options, std::move(callbacks));
  return Napi::Number::New(env, static_cast<double>(id));
}

void ProviderWrap::Cancel(const Napi::CallbackInfo& info) {
  RequestId id = IdArg(info);
  if (!m_bridge || m_bridge->closed() || !m_bridge->IsPending(id)) return;
  m_bridge->provider()->Cancel(id);
}

Napi::Value ProviderWrap::StartWatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  WatchOptions options;
  options.accuracy_m = NumberArg(info, 0, "accuracy");
  options.distance_filter_m = NumberArg(info, 1, "distanceFilter");
  options.reduced = info.Length() > 5 && info[5].IsBoolean() && info[5].As<Napi::Boolean>().Value();
  Napi::Function on_fix = FunctionArg(info, 2, "onFix");
  Napi::Function on_error = FunctionArg(info, 3, "onError");
  Napi::Function on_prompt = info[4].IsFunction() ? info[4].As<Napi::Function>() : Napi::Function();
  Bridge* bridge = Open(env);
  RequestId id = bridge->Begin(on_fix, on_error, true, on_prompt);
  WatchCallbacks callbacks;
  callbacks.on_fix = [bridge, id](const Fix& fix) {
    bridge->Send([bridge, id, fix](Napi::Env env) { bridge->Notify(env, id, 1, {FixToJs(env, fix)}); });
  };
  callbacks.on_error = [bridge, id](const Error& error) { Fail(bridge, id, error, 2); };
  callbacks.on_prompt = [bridge, id](bool pending) {
    bridge->Send(
        [bridge, id, pending](Napi::Env env) { bridge->Notify(env, id, 3, {Napi::Boolean::New(env, pending)}); });
  };
  bridge->provider()->StartWatch(id, options, std::move(callbacks));
  return Napi::Number::New(env, static_cast<double>(id));
}

void ProviderWrap::StopWatch(const Napi::CallbackInfo& info) {
  RequestId id = IdArg(info);
  if (!m_bridge || m_bridge->closed() || !m_bridge->IsPending(id)) return;
  m_bridge->Settle(info.Env(), id, 0, {});
  m_bridge->provider()->StopWatch(id);
}

void ProviderWrap::AuthorizationStatus(const Napi::CallbackInfo& info) {
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(FunctionArg(info, 0, "callback"), Napi::Function());
  bridge->provider()->GetAuthorizationStatus([bridge, id](whereami::AuthorizationStatus status) {
    Answer(bridge, id, [status](Napi::Env env) -> napi_value { return Napi::String::New(env, ToString(status)); });
  });
}

void ProviderWrap::RequestAuthorization(const Napi::CallbackInfo& info) {
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(FunctionArg(info, 0, "callback"), Napi::Function());
  // Optional: how long to wait for a prompt's answer (0 or absent: no limit).
  double limit_ms = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : 0;
  bridge->provider()->RequestAuthorization(limit_ms, [bridge, id](whereami::AuthorizationStatus status) {
    Answer(bridge, id, [status](Napi::Env env) -> napi_value { return Napi::String::New(env, ToString(status)); });
  });
}

void ProviderWrap::LocationServicesEnabled(const Napi::CallbackInfo& info) {
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(FunctionArg(info, 0, "callback"), Napi::Function());
  bridge->provider()->GetServicesEnabled([bridge, id](bool enabled) {
    Answer(bridge, id, [enabled](Napi::Env env) -> napi_value { return Napi::Boolean::New(env, enabled); });
  });
}

void ProviderWrap::AccuracyAuthorization(const Napi::CallbackInfo& info) {
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(FunctionArg(info, 0, "callback"), Napi::Function());
  bridge->provider()->GetAccuracyAuthorization([bridge, id](whereami::AccuracyAuthorization value) {
    Answer(bridge, id, [value](Napi::Env env) -> napi_value { return Napi::String::New(env, ToString(value)); });
  });
}

Napi::Value ProviderWrap::ReverseGeocode(const Napi::CallbackInfo& info) {
  double latitude = NumberArg(info, 0, "latitude");
  double longitude = NumberArg(info, 1, "longitude");
  Napi::Function callback = FunctionArg(info, 2, "callback");
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(callback, Napi::Function());
  bridge->provider()->ReverseGeocode(id, latitude, longitude, GeocodeAnswer(bridge, id));
  return Napi::Number::New(info.Env(), static_cast<double>(id));
}

Napi::Value ProviderWrap::ForwardGeocode(const Napi::CallbackInfo& info) {
  if (!info[0].IsString()) throw Napi::TypeError::New(info.Env(), "address must be a string");
  std::string address = info[0].As<Napi::String>().Utf8Value();
  Napi::Function callback = FunctionArg(info, 1, "callback");
  Bridge* bridge = Open(info.Env());
  RequestId id = bridge->Begin(callback, Napi::Function());
  bridge->provider()->ForwardGeocode(id, address, GeocodeAnswer(bridge, id));
  return Napi::Number::New(info.Env(), static_cast<double>(id));
}

void ProviderWrap::Close(const Napi::CallbackInfo&) {
  if (m_bridge) m_bridge->Close(false);
}

}  // namespace whereami::addon
