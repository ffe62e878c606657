// C++ values to JS objects for the native contract.
#include "js_convert.h"

namespace whereami::addon {

namespace {

void SetIf(Napi::Object& object, const char* key, const std::optional<double>& value) {
  if (value) object.Set(key, Napi::Number::New(object.Env(), *value));
}

void SetIf(Napi::Object& object, const char* key, const std::optional<std::string>& value) {
  if (value) object.Set(key, Napi::String::New(object.Env(), *value));
}

}  // namespace

Napi::Object FixToJs(Napi::Env env, const Fix& fix) {
  Napi::Object object = Napi::Object::New(env);
  object.Set("latitude", Napi::Number::New(env, fix.latitude));
  object.Set("longitude", Napi::Number::New(env, fix.longitude));
  object.Set("accuracy", Napi::Number::New(env, fix.accuracy));
  SetIf(object, "altitude", fix.altitude);
  SetIf(object, "altitudeAccuracy", fix.altitude_accuracy);
  SetIf(object, "ellipsoidalAltitude", fix.ellipsoidal_altitude);
  SetIf(object, "speed", fix.speed);
  SetIf(object, "speedAccuracy", fix.speed_accuracy);
  SetIf(object, "course", fix.course);
  SetIf(object, "courseAccuracy", fix.course_accuracy);
  if (fix.floor) object.Set("floor", Napi::Number::New(env, *fix.floor));
  object.Set("timestamp", Napi::Number::New(env, fix.timestamp_ms));
  if (fix.simulated) object.Set("simulated", Napi::Boolean::New(env, *fix.simulated));
  if (fix.reduced) object.Set("reduced", Napi::Boolean::New(env, true));
  return object;
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
