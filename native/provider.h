// The C++ interface every native location provider implements: CoreLocation
// (native/darwin) and GeoClue2 (native/linux). The N-API binding
// (native/addon) and the stdio helper (native/helper) know only this file.
//
// Threading contract: every method is called from one caller thread (the JS
// thread, or the helper's stdin loop) and returns without blocking. Each
// provider owns one thread running its platform's event loop; callbacks run
// on that thread, so callers hop back to their own thread themselves (the
// addon with a Napi::ThreadSafeFunction). Each request's callbacks are called
// exactly once (a watch's on_fix may run many times, then on_error at most
// once). Results and errors are plain C++ values: no platform types leak out.
#ifndef WHEREAMI_NATIVE_PROVIDER_H_
#define WHEREAMI_NATIVE_PROVIDER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace whereami {

// Bumped whenever this interface or the JS-facing binding changes shape; the
// TypeScript loader refuses an addon with another value (NATIVE_ABI_VERSION).
// A macro too: Objective-C class names carry it (native/darwin/objc_compat.h).
#define WHEREAMI_ABI_VERSION 2
constexpr int kAbiVersion = WHEREAMI_ABI_VERSION;

using RequestId = std::uint64_t;

struct Fix {
  double latitude = 0;
  double longitude = 0;
  double accuracy = 0;  // metres, always valid (invalid fixes are not reported)
  std::optional<double> altitude;
  std::optional<double> altitude_accuracy;
  std::optional<double> ellipsoidal_altitude;
  std::optional<double> speed;  // absent when the OS reported a negative value
  std::optional<double> speed_accuracy;
  std::optional<double> course;
  std::optional<double> course_accuracy;
  std::optional<int> floor;
  double timestamp_ms = 0;  // since the Unix epoch
  std::optional<bool> simulated;
  // The OS gave only an approximate fix: CoreLocation's reduced accuracy
  // (asked for, or the person's "Precise Location" switch off).
  bool reduced = false;
};

// `code` is one of the TypeScript LocationError codes: PERMISSION_DENIED,
// SERVICES_DISABLED, POSITION_UNAVAILABLE, TIMEOUT, ABORTED, NOT_SUPPORTED,
// GEOCODER_RATE_LIMITED, GEOCODER_NOT_FOUND, NETWORK, BACKEND_FAILURE.
struct Error {
  std::string code;
  std::string message;
  std::string domain;  // e.g. "kCLErrorDomain"; empty when none
  long native_code = 0;
};

struct Place {
  double latitude = 0;
  double longitude = 0;
  std::optional<double> accuracy;
  std::optional<std::string> name;
  std::optional<std::string> street;
  std::optional<std::string> street_number;
  std::optional<std::string> city;
  std::optional<std::string> district;
  std::optional<std::string> postal_code;
  std::optional<std::string> region;
  std::optional<std::string> country;
  std::optional<std::string> iso_country_code;
  std::optional<std::string> time_zone;
};

enum class AuthorizationStatus { kNotDetermined, kRestricted, kDenied, kAuthorized };
enum class AccuracyAuthorization { kFull, kReduced };

// The strings the TypeScript layer expects.
inline const char* ToString(AuthorizationStatus status) {
  switch (status) {
    case AuthorizationStatus::kNotDetermined:
      return "notDetermined";
    case AuthorizationStatus::kRestricted:
      return "restricted";
    case AuthorizationStatus::kDenied:
      return "denied";
    case AuthorizationStatus::kAuthorized:
      return "authorized";
  }
  return "notDetermined";
}

inline const char* ToString(AccuracyAuthorization value) {
  return value == AccuracyAuthorization::kReduced ? "reduced" : "full";
}

struct RequestOptions {
  double accuracy_m = 100;    // 0 asks for the best the provider can do
  double maximum_age_ms = 0;  // a fix the OS holds up to this old may answer
  // Ask the OS only for an approximate position (CoreLocation's reduced
  // accuracy, GeoClue's city level); accuracy_m is then ignored.
  bool reduced = false;
};

struct WatchOptions {
  double accuracy_m = 100;
  double distance_filter_m = 0;  // 0 delivers every fix
  bool reduced = false;  // as in RequestOptions
};

struct RequestCallbacks {
  std::function<void(const Fix&)> on_fix;
  std::function<void(const Error&)> on_error;
  // true when the OS shows a permission prompt for this request, false once answered.
  std::function<void(bool)> on_prompt;
};

struct WatchCallbacks {
  std::function<void(const Fix&)> on_fix;
  std::function<void(const Error&)> on_error;  // ends the watch
  // As for requests: true while the OS shows a permission prompt for this
  // watch, false once answered, so the caller can keep the prompt out of the
  // watch's timeout.
  std::function<void(bool)> on_prompt;
};

using GeocodeCallback = std::function<void(const std::vector<Place>&, const Error*)>;

struct BundleInfo {
  std::string identifier;  // empty when the process has no bundle identifier
  bool has_location_usage_description = false;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual void RequestLocation(RequestId id, const RequestOptions& options, RequestCallbacks callbacks) = 0;
  // Cancels a request or a geocode; its on_error gets code ABORTED. Unknown ids are ignored.
  virtual void Cancel(RequestId id) = 0;
  virtual void StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks) = 0;
  // Stops a watch without calling its callbacks again. Unknown ids are ignored.
  virtual void StopWatch(RequestId id) = 0;

  virtual void GetAuthorizationStatus(std::function<void(AuthorizationStatus)> done) = 0;
  // Prompts where the OS can; `done` runs once the status is determined, or
  // with the status as it then is after `limit_ms` (<= 0: no limit), since a
  // prompt may never appear (a process without a usage description).
  virtual void RequestAuthorization(double limit_ms, std::function<void(AuthorizationStatus)> done) = 0;
  virtual void GetServicesEnabled(std::function<void(bool)> done) = 0;
  virtual void GetAccuracyAuthorization(std::function<void(AccuracyAuthorization)> done) = 0;

  virtual void ReverseGeocode(RequestId id, double latitude, double longitude, GeocodeCallback done) = 0;
  virtual void ForwardGeocode(RequestId id, const std::string& address, GeocodeCallback done) = 0;

  // Stops and joins the provider's thread. Pending requests get ABORTED first.
  // Idempotent; the destructor calls it too.
  virtual void Shutdown() = 0;
};

// Implemented once per platform build (darwin or linux).
std::unique_ptr<Provider> CreatePlatformProvider();
const char* PlatformProviderName();  // "corelocation" or "geoclue"
BundleInfo GetMainBundleInfo();

}  // namespace whereami

#endif  // WHEREAMI_NATIVE_PROVIDER_H_
