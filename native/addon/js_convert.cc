// C++ values to JS objects for the native contract.
#include "js_convert.h"

#include "addon_data.h"

namespace whereami::addon {

namespace {

void SetIf(Napi::Object& object, const char* key, const std::optional<double>& value) {
  if (value) object.Set(key, Napi::Number::New(object.Env(), *value));
}

void SetIf(Napi::Object& object, const char* key, const std::optional<std::string>& value) {
  if (value) object.Set(key, Napi::String::New(object.Env(), *value));
}

}  // namespace

// Why a compiled function and not napi_set_named_property per field: every
// Set from native code makes a key string, looks it up in V8's string table
// and takes the runtime's slow path through the object's map transitions,
// about 2,000 instructions a field, which made building the fix a fifth of a
// whole request through the addon (callgrind). A JS function's stores go
// through inline caches instead. Absent fields arrive as undefined and stay
// absent properties; the order of the properties is the one of before.
constexpr char kFixMakerSource[] = R"JS((function makeFix(latitude, longitude, accuracy, altitude,
    altitudeAccuracy, ellipsoidalAltitude, speed, speedAccuracy, course, courseAccuracy, floor,
    timestamp, simulated, reduced) {
  'use strict';
  const fix = { latitude, longitude, accuracy };
  if (altitude !== undefined) fix.altitude = altitude;
  if (altitudeAccuracy !== undefined) fix.altitudeAccuracy = altitudeAccuracy;
  if (ellipsoidalAltitude !== undefined) fix.ellipsoidalAltitude = ellipsoidalAltitude;
  if (speed !== undefined) fix.speed = speed;
  if (speedAccuracy !== undefined) fix.speedAccuracy = speedAccuracy;
  if (course !== undefined) fix.course = course;
  if (courseAccuracy !== undefined) fix.courseAccuracy = courseAccuracy;
  if (floor !== undefined) fix.floor = floor;
  fix.timestamp = timestamp;
  if (simulated !== undefined) fix.simulated = simulated;
  if (reduced) fix.reduced = true;
  return fix;
}))JS";

Napi::Function CompileFixMaker(Napi::Env env) {
  napi_value source = Napi::String::New(env, kFixMakerSource);
  napi_value result = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_run_script(env, source, &result), Napi::Function());
  Napi::Value value(env, result);
  if (!value.IsFunction()) throw Napi::Error::New(env, "whereami: the fix constructor did not compile to a function");
  return value.As<Napi::Function>();
}

Napi::Object FixToJs(Napi::Env env, const Fix& fix) {
  napi_value undefined = env.Undefined();
  auto number = [&](const std::optional<double>& value) -> napi_value {
    return value ? Napi::Number::New(env, *value) : undefined;
  };
  const napi_value args[] = {
      Napi::Number::New(env, fix.latitude),
      Napi::Number::New(env, fix.longitude),
      Napi::Number::New(env, fix.accuracy),
      number(fix.altitude),
      number(fix.altitude_accuracy),
      number(fix.ellipsoidal_altitude),
      number(fix.speed),
      number(fix.speed_accuracy),
      number(fix.course),
      number(fix.course_accuracy),
      fix.floor ? Napi::Number::New(env, *fix.floor) : undefined,
      Napi::Number::New(env, fix.timestamp_ms),
      fix.simulated ? Napi::Boolean::New(env, *fix.simulated) : undefined,
      Napi::Boolean::New(env, fix.reduced),
  };
  const Napi::FunctionReference& maker = env.GetInstanceData<AddonData>()->fix_maker;
  return maker.Value().Call(undefined, sizeof(args) / sizeof(args[0]), args).As<Napi::Object>();
}

Napi::Object ErrorToJs(Napi::Env env, const Error& error) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("code", Napi::String::New(env, error.code));
  object.Set("message", Napi::String::New(env, error.message));
  if (!error.domain.empty()) {
    object.Set("domain", Napi::String::New(env, error.domain));
    object.Set("nativeCode", Napi::Number::New(env, static_cast<double>(error.native_code)));
  }
  return object;
}

Napi::Array PlacesToJs(Napi::Env env, const std::vector<Place>& places) {
  Napi::Array array = Napi::Array::New(env, places.size());
  for (size_t i = 0; i < places.size(); ++i) {
    const Place& place = places[i];
    Napi::Object object = Napi::Object::New(env);
    object.Set("latitude", Napi::Number::New(env, place.latitude));
    object.Set("longitude", Napi::Number::New(env, place.longitude));
    SetIf(object, "accuracy", place.accuracy);
    SetIf(object, "name", place.name);
    SetIf(object, "street", place.street);
    SetIf(object, "streetNumber", place.street_number);
    SetIf(object, "city", place.city);
    SetIf(object, "district", place.district);
    SetIf(object, "postalCode", place.postal_code);
    SetIf(object, "region", place.region);
    SetIf(object, "country", place.country);
    SetIf(object, "isoCountryCode", place.iso_country_code);
    SetIf(object, "timeZone", place.time_zone);
    array.Set(static_cast<uint32_t>(i), object);
  }
  return array;
}

Napi::Object BundleInfoToJs(Napi::Env env, const BundleInfo& info) {
  Napi::Object object = Napi::Object::New(env);
  if (!info.identifier.empty()) object.Set("identifier", Napi::String::New(env, info.identifier));
  object.Set("hasLocationUsageDescription", Napi::Boolean::New(env, info.has_location_usage_description));
  return object;
}

}  // namespace whereami::addon
