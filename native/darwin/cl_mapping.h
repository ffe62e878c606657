// Conversions from CoreLocation's objects to the plain C++ values of
// native/provider.h. Pure functions; safe on any thread.
#ifndef WHEREAMI_DARWIN_CL_MAPPING_H_
#define WHEREAMI_DARWIN_CL_MAPPING_H_

#import <CoreLocation/CoreLocation.h>

#include <string>

#include "../provider.h"

namespace whereami::darwin {

// Apple's raw values: 0 not determined, 1 restricted, 2 denied, 3 "always" /
// "authorized", 4 "when in use". macOS marks the name of 4 unavailable, so it
// is never named here: 3 and 4 both fall to the default branch.
AuthorizationStatus MapStatus(int raw);

// Every field of a CLLocation; negative accuracies, speed and course become
// absent. False when the fix itself is invalid (negative horizontal accuracy).
bool MapLocation(CLLocation* location, Fix* out);

// A CoreLocation error as the TypeScript layer's code. kCLErrorDenied means
// SERVICES_DISABLED when Location Services are off system-wide.
Error MapLocationError(NSError* error, bool services_enabled);
Error MapGeocodeError(NSError* error, bool rate_limited);
Place MapPlacemark(CLPlacemark* placemark);

Error MakeError(const char* code, const std::string& message);
Error DeniedError(AuthorizationStatus status, bool services_enabled);
double NowMs();

}  // namespace whereami::darwin

#endif  // WHEREAMI_DARWIN_CL_MAPPING_H_
