// Test-only export of the Linux test build (WHEREAMI_TEST_DOUBLE): scripting
// of the CoreLocation double, as `testDouble` on the addon's exports. Not
// compiled into any other build (binding.gyp / CMakeLists.txt list this file
// only for the double target, and test/native checks that).
#ifdef WHEREAMI_TEST_DOUBLE

#include <napi.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "../darwin/cl_thread.h"
#include "FakeCoreLocationControl.h"
#include "bridge.h"

// Present only in the coverage build (clang's profile runtime): lets a test
// process write its counters before vitest ends it without running atexit.
extern "C" int __llvm_profile_write_file(void) __attribute__((weak));

namespace whereami::addon {

namespace {

double Num(const Napi::Object& object, const char* key, double fallback) {
  Napi::Value value = object.Get(key);
  return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : fallback;
}

FakeCLFix FixArg(const Napi::CallbackInfo& info) {
  if (!info[0].IsObject()) throw Napi::TypeError::New(info.Env(), "fix must be an object");
  Napi::Object o = info[0].As<Napi::Object>();
  FakeCLFix fix{};
  fix.latitude = Num(o, "latitude", 0);
  fix.longitude = Num(o, "longitude", 0);
  fix.altitude = Num(o, "altitude", 0);
  fix.horizontal_accuracy = Num(o, "horizontalAccuracy", 65);
  fix.vertical_accuracy = Num(o, "verticalAccuracy", -1);
  fix.course = Num(o, "course", -1);
  fix.course_accuracy = Num(o, "courseAccuracy", -1);
  fix.speed = Num(o, "speed", -1);
  fix.speed_accuracy = Num(o, "speedAccuracy", -1);
  fix.ellipsoidal_altitude = Num(o, "ellipsoidalAltitude", 0);
  fix.has_floor = o.Get("floor").IsNumber() ? 1 : 0;
  fix.floor = static_cast<long>(Num(o, "floor", 0));
  fix.simulated = o.Get("simulated").ToBoolean().Value() ? 1 : 0;
  fix.age_seconds = Num(o, "ageSeconds", 0);
  return fix;
}

double Arg(const Napi::CallbackInfo& info, size_t i) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), "expected a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

void SetPlaces(const Napi::CallbackInfo& info) {
  if (!info[0].IsArray()) throw Napi::TypeError::New(info.Env(), "places must be an array");
  Napi::Array array = info[0].As<Napi::Array>();
  std::vector<std::vector<std::string>> texts(array.Length());
  std::vector<FakeCLPlace> places(array.Length());
  static const char* kKeys[] = {"name",   "street",     "streetNumber", "city",           "district",
                                "region", "postalCode", "country",      "isoCountryCode", "timeZone"};
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Object o = array.Get(i).As<Napi::Object>();
    FakeCLPlace& place = places[i];
    place.latitude = Num(o, "latitude", 0);
    place.longitude = Num(o, "longitude", 0);
    const char** fields[] = {&place.name,        &place.thoroughfare, &place.sub_thoroughfare,
                             &place.locality,    &place.sub_locality, &place.administrative_area,
                             &place.postal_code, &place.country,      &place.iso_country_code,
                             &place.time_zone};
    texts[i].resize(10);
    for (size_t k = 0; k < 10; ++k) {
      Napi::Value value = o.Get(kKeys[k]);
      if (!value.IsString()) {
        *fields[k] = nullptr;
        continue;
      }
      texts[i][k] = value.As<Napi::String>().Utf8Value();
      *fields[k] = texts[i][k].c_str();
    }
  }
  FakeCLSetPlaces(places.data(), places.size());
}

Napi::Value Counters(const Napi::CallbackInfo& info) {
  FakeCLCounters c;
  FakeCLGetCounters(&c);
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("liveManagers", Napi::Number::New(env, c.live_managers));
  o.Set("liveLocations", Napi::Number::New(env, c.live_locations));
  o.Set("liveGeocoders", Napi::Number::New(env, c.live_geocoders));
  o.Set("requestLocation", Napi::Number::New(env, c.request_location_calls));
  o.Set("requestsCancelledByUpdates", Napi::Number::New(env, c.requests_cancelled_by_updates));
  o.Set("startUpdating", Napi::Number::New(env, c.start_updating_calls));
  o.Set("stopUpdating", Napi::Number::New(env, c.stop_updating_calls));
  o.Set("authorizationRequests", Napi::Number::New(env, c.authorization_requests));
  o.Set("managersMadeSingleThreaded", Napi::Number::New(env, c.managers_made_single_threaded));
  o.Set("geocodes", Napi::Number::New(env, c.geocode_calls));
  o.Set("maxConcurrentGeocodes", Napi::Number::New(env, c.max_concurrent_geocodes));
  o.Set("lastDesiredAccuracy", Napi::Number::New(env, c.last_desired_accuracy));
  o.Set("lastDistanceFilter", Napi::Number::New(env, c.last_distance_filter));
  return o;
}

// The floor of a provider request, for the bridge bench: the hops every
// request makes with nothing in them. A RunLoopThread (the provider's thread
// class: an NSRunLoop woken by performSelector:onThread:) and a Bridge (the
// provider's way back: one thread-safe function, Begin/Send/Settle) of their
// own, made on first use and ended with the environment.
struct RoundTripFloor {
  std::shared_ptr<darwin::RunLoopThread> thread;
  std::shared_ptr<Bridge> bridge;
};

// One per environment (the addon's instance data is taken by addon.cc).
std::mutex g_floors_mutex;
std::unordered_map<napi_env, RoundTripFloor*> g_floors;

void EndRoundTripFloor(void* arg) {
  auto* floor = static_cast<RoundTripFloor*>(arg);
  {
    std::lock_guard<std::mutex> lock(g_floors_mutex);
    for (auto it = g_floors.begin(); it != g_floors.end(); ++it) {
      if (it->second == floor) {
        g_floors.erase(it);
        break;
      }
    }
  }
  // Runs before the bridge's own cleanup hook (added earlier): the thread is
  // joined while the thread-safe function still exists.
  floor->thread->Stop([] {});
  delete floor;
}

RoundTripFloor* Floor(Napi::Env env) {
  {
    std::lock_guard<std::mutex> lock(g_floors_mutex);
    auto found = g_floors.find(env);
    if (found != g_floors.end()) return found->second;
  }
  std::shared_ptr<Bridge> bridge = Bridge::Create(env);
  if (!bridge) return nullptr;  // a JS exception is pending
  auto* floor = new RoundTripFloor{std::make_shared<darwin::RunLoopThread>(), bridge};
  floor->thread->Start();
  napi_add_env_cleanup_hook(env, EndRoundTripFloor, floor);
  std::lock_guard<std::mutex> lock(g_floors_mutex);
  g_floors[env] = floor;
  return floor;
}

// roundTrip(callback): posts a no-op to the run-loop thread, which answers
// through the bridge; callback() is called once, with no arguments.
void RoundTrip(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "roundTrip needs a callback function");
  RoundTripFloor* floor = Floor(info.Env());
  if (floor == nullptr) return;
  std::shared_ptr<Bridge> bridge = floor->bridge;
  RequestId id = bridge->Begin(info[0].As<Napi::Function>(), Napi::Function());
  bool posted = floor->thread->Post(
      [bridge, id] { bridge->Send([bridge, id](Napi::Env env) { bridge->Settle(env, id, 1, {}); }); });
  if (!posted) bridge->Settle(info.Env(), id, 0, {});
}

// roundTripTwoPasses(callback): as roundTrip, but the task posts itself to
// the same thread once more before answering: the floor plus one more pass of
// the run loop, as the double (like CoreLocation) answers requestLocation on
// a later pass, never inline. Informational: it tells that pass's cost apart
// from ours in the raw provider call.
void RoundTripTwoPasses(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) throw Napi::TypeError::New(info.Env(), "roundTripTwoPasses needs a callback function");
  RoundTripFloor* floor = Floor(info.Env());
  if (floor == nullptr) return;
  std::shared_ptr<Bridge> bridge = floor->bridge;
  std::shared_ptr<darwin::RunLoopThread> thread = floor->thread;
  RequestId id = bridge->Begin(info[0].As<Napi::Function>(), Napi::Function());
  bool posted = thread->Post([bridge, thread, id] {
    bool again =
        thread->Post([bridge, id] { bridge->Send([bridge, id](Napi::Env env) { bridge->Settle(env, id, 1, {}); }); });
    if (!again) bridge->Send([bridge, id](Napi::Env env) { bridge->Settle(env, id, 0, {}); });
  });
  if (!posted) bridge->Settle(info.Env(), id, 0, {});
}

}  // namespace

Napi::Object MakeTestDoubleControls(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  auto add = [&](const char* name, void (*fn)(const Napi::CallbackInfo&)) {
    o.Set(name, Napi::Function::New(env, fn, name));
  };
  add("reset", [](const Napi::CallbackInfo&) { FakeCLReset(); });
  add("setOSVersion", [](const Napi::CallbackInfo& i) {
    FakeCLSetOSVersion(static_cast<int>(Arg(i, 0)), static_cast<int>(Arg(i, 1)), static_cast<int>(Arg(i, 2)));
  });
  add("setAuthorizationStatus",
      [](const Napi::CallbackInfo& i) { FakeCLSetAuthorizationStatus(static_cast<int>(Arg(i, 0))); });
  add("setPromptAnswer",
      [](const Napi::CallbackInfo& i) { FakeCLSetPromptAnswer(static_cast<int>(Arg(i, 0)), Arg(i, 1)); });
  add("answerPrompt", [](const Napi::CallbackInfo& i) { FakeCLAnswerPrompt(static_cast<int>(Arg(i, 0))); });
  add("setServicesEnabled", [](const Napi::CallbackInfo& i) { FakeCLSetServicesEnabled(i[0].ToBoolean().Value()); });
  add("setAccuracyAuthorization",
      [](const Napi::CallbackInfo& i) { FakeCLSetAccuracyAuthorization(static_cast<long>(Arg(i, 0))); });
  add("setFix", [](const Napi::CallbackInfo& i) {
    FakeCLFix fix = FixArg(i);
    FakeCLSetFix(&fix);
  });
  add("setCachedFix", [](const Napi::CallbackInfo& i) {
    FakeCLFix fix = FixArg(i);
    FakeCLSetCachedFix(&fix);
  });
  add("queueFix", [](const Napi::CallbackInfo& i) {
    FakeCLFix fix = FixArg(i);
    FakeCLQueueFix(&fix);
  });
  add("moveTo", [](const Napi::CallbackInfo& i) { FakeCLMoveTo(Arg(i, 0), Arg(i, 1)); });
  add("queueError", [](const Napi::CallbackInfo& i) { FakeCLQueueError(static_cast<long>(Arg(i, 0))); });
  add("setFixDelay", [](const Napi::CallbackInfo& i) { FakeCLSetFixDelay(Arg(i, 0)); });
  add("setImmediateFixes", [](const Napi::CallbackInfo& i) { FakeCLSetImmediateFixes(i[0].ToBoolean().Value()); });
  add("roundTrip", RoundTrip);
  add("roundTripTwoPasses", RoundTripTwoPasses);
  add("setBestAccuracyDelay", [](const Napi::CallbackInfo& i) { FakeCLSetBestAccuracyDelay(Arg(i, 0)); });
  add("answerFromCache", [](const Napi::CallbackInfo& i) { FakeCLAnswerFromCache(static_cast<int>(Arg(i, 0))); });
  add("setUsageDescription", [](const Napi::CallbackInfo& i) { FakeCLSetUsageDescription(i[0].ToBoolean().Value()); });
  add("holdFixes", [](const Napi::CallbackInfo& i) { FakeCLHoldFixes(i[0].ToBoolean().Value()); });
  add("setPlaces", SetPlaces);
  add("queueGeocodeError", [](const Napi::CallbackInfo& i) { FakeCLQueueGeocodeError(static_cast<long>(Arg(i, 0))); });
  add("setGeocodeDelay", [](const Napi::CallbackInfo& i) { FakeCLSetGeocodeDelay(Arg(i, 0)); });
  o.Set("promptShowing", Napi::Function::New(env, [](const Napi::CallbackInfo& i) -> Napi::Value {
          return Napi::Boolean::New(i.Env(), FakeCLPromptShowing() != 0);
        }));
  o.Set("counters", Napi::Function::New(env, Counters, "counters"));
  add("flushCoverage", [](const Napi::CallbackInfo&) {
    if (__llvm_profile_write_file != nullptr) __llvm_profile_write_file();
  });
  return o;
}

}  // namespace whereami::addon

#endif  // WHEREAMI_TEST_DOUBLE
