// CLLocation, CLPlacemark and NSError to the provider's plain values.
#import "cl_mapping.h"

#import "objc_compat.h"

#include <chrono>
#include <cmath>

namespace whereami::darwin {

namespace {

std::optional<double> NonNegative(double value) {
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

std::optional<std::string> Text(NSString* value) {
  if (value == nil || [value length] == 0) return std::nullopt;
  return std::string([value UTF8String]);
}

Error FromNSError(const char* code, const std::string& message, NSError* error) {
  Error out = MakeError(code, message);
  out.domain = std::string([[error domain] UTF8String]);
  out.native_code = static_cast<long>([error code]);
  return out;
}

}  // namespace

// The clock NSDate reads (the system's wall clock), without an NSDate object
// per call: a request asked for the time twice, and on GNUstep each NSDate
// cost a class lookup, an allocation and an autorelease.
double NowMs() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration<double, std::milli>(since_epoch).count();
}

Error MakeError(const char* code, const std::string& message) {
  Error error;
  error.code = code;
  error.message = message;
  return error;
}

AuthorizationStatus MapStatus(int raw) {
  switch (raw) {
    case 0:
      return AuthorizationStatus::kNotDetermined;
    case 1:
      return AuthorizationStatus::kRestricted;
    case 2:
      return AuthorizationStatus::kDenied;
    default:
      return AuthorizationStatus::kAuthorized;
  }
}

Error DeniedError(AuthorizationStatus status, bool services_enabled) {
  if (!services_enabled) {
    return MakeError("SERVICES_DISABLED", "Location Services are turned off for this Mac.");
  }
  if (status == AuthorizationStatus::kRestricted) {
    return MakeError("PERMISSION_DENIED", "Location access is restricted on this Mac (for example by a profile).");
  }
  return MakeError("PERMISSION_DENIED", "Location access was denied to this application.");
}

bool MapLocation(CLLocation* location, Fix* out) {
  if (location == nil || !([location horizontalAccuracy] >= 0)) return false;
  CLLocationCoordinate2D coordinate = [location coordinate];
  out->latitude = coordinate.latitude;
  out->longitude = coordinate.longitude;
  out->accuracy = [location horizontalAccuracy];
  // A negative vertical accuracy means the altitude is invalid, too.
  if ([location verticalAccuracy] >= 0) {
    out->altitude = [location altitude];
    out->altitude_accuracy = [location verticalAccuracy];
  }
  out->speed = NonNegative([location speed]);
  out->speed_accuracy = NonNegative([location speedAccuracy]);
  out->course = NonNegative([location course]);
  if (WHR_AVAILABLE_MACOS_10_15_4) {
    out->course_accuracy = NonNegative([location courseAccuracy]);
  }
  CLFloor* floor = [location floor];
  if (floor != nil) out->floor = static_cast<int>([floor level]);
  out->timestamp_ms = [[location timestamp] timeIntervalSince1970] * 1000.0;
  if (WHR_AVAILABLE_MACOS_12) {
    if ([location verticalAccuracy] >= 0) out->ellipsoidal_altitude = [location ellipsoidalAltitude];
    CLLocationSourceInformation* source = [location sourceInformation];
    if (source != nil) out->simulated = [source isSimulatedBySoftware] ? true : false;
  }
  return true;
}

Error MapLocationError(NSError* error, bool services_enabled) {
  if (![[error domain] isEqualToString:kCLErrorDomain]) {
    return FromNSError("POSITION_UNAVAILABLE",
                       std::string("CoreLocation failed: ") + [[error localizedDescription] UTF8String], error);
  }
  switch ([error code]) {
    case kCLErrorDenied:
      if (!services_enabled) {
        return FromNSError("SERVICES_DISABLED", "Location Services are turned off for this Mac.", error);
      }
      return FromNSError("PERMISSION_DENIED", "Location access was denied to this application.", error);
    case kCLErrorLocationUnknown:
      return FromNSError("POSITION_UNAVAILABLE", "CoreLocation could not determine this Mac's position.", error);
    case kCLErrorNetwork:
      // Still a W3C "position unavailable"; the message says why.
      return FromNSError("POSITION_UNAVAILABLE",
                         "CoreLocation needs the network to find this Mac and could not reach it.", error);
    default:
      return FromNSError("POSITION_UNAVAILABLE",
                         "CoreLocation failed with error " + std::to_string(static_cast<long>([error code])) + ".",
                         error);
  }
}

Error MapGeocodeError(NSError* error, bool rate_limited) {
  bool cl = [[error domain] isEqualToString:kCLErrorDomain];
  long code = cl ? static_cast<long>([error code]) : -1;
  if (code == kCLErrorGeocodeFoundNoResult) {
    return FromNSError("GEOCODER_NOT_FOUND", "The geocoder found no place for that request.", error);
  }
  if (code == kCLErrorGeocodeCanceled) return FromNSError("ABORTED", "The geocoding request was cancelled.", error);
  if (code == kCLErrorNetwork) {
    // Apple reports its per-app geocoding limit as kCLErrorNetwork; after
    // recent requests that is the likely reason.
    if (rate_limited) {
      return FromNSError("GEOCODER_RATE_LIMITED", "Apple's geocoder refused: too many requests from this app.", error);
    }
    return FromNSError("NETWORK", "The geocoder could not reach Apple's servers.", error);
  }
  return FromNSError("BACKEND_FAILURE",
                     std::string("The geocoder failed: ") + [[error localizedDescription] UTF8String], error);
}

Place MapPlacemark(CLPlacemark* placemark) {
  Place place;
  CLLocation* location = [placemark location];
  if (location != nil) {
    place.latitude = [location coordinate].latitude;
    place.longitude = [location coordinate].longitude;
    if ([location horizontalAccuracy] >= 0) place.accuracy = [location horizontalAccuracy];
  }
  place.name = Text([placemark name]);
  place.street = Text([placemark thoroughfare]);
  place.street_number = Text([placemark subThoroughfare]);
  place.city = Text([placemark locality]);
  place.district = Text([placemark subLocality]);
  place.postal_code = Text([placemark postalCode]);
  place.region = Text([placemark administrativeArea]);
  place.country = Text([placemark country]);
  place.iso_country_code = Text([placemark ISOcountryCode]);
  NSTimeZone* zone = [placemark timeZone];
  if (zone != nil) place.time_zone = Text([zone name]);
  return place;
}

}  // namespace whereami::darwin
