// CoreLocation test double: CLError.h.
// Checked against MacOSX11.3.sdk CoreLocation.framework/Headers/CLError.h
// (phracker/MacOSX-SDKs): NS_ENUM(NSInteger, CLError), values in Apple's order
// starting at 0, so the raw codes match what macOS reports.
#ifndef WHEREAMI_FAKE_CL_ERROR_H_
#define WHEREAMI_FAKE_CL_ERROR_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>

typedef NS_ENUM(NSInteger, CLError) {
  kCLErrorLocationUnknown = 0,
  kCLErrorDenied,
  kCLErrorNetwork,
  kCLErrorHeadingFailure,
  kCLErrorRegionMonitoringDenied,
  kCLErrorRegionMonitoringFailure,
  kCLErrorRegionMonitoringSetupDelayed,
  kCLErrorRegionMonitoringResponseDelayed,
  kCLErrorGeocodeFoundNoResult,
  kCLErrorGeocodeFoundPartialResult,
  kCLErrorGeocodeCanceled,
  kCLErrorDeferredFailed,
  kCLErrorDeferredNotUpdatingLocation,
  kCLErrorDeferredAccuracyTooLow,
  kCLErrorDeferredDistanceFiltered,
  kCLErrorDeferredCanceled,
  kCLErrorRangingUnavailable,
  kCLErrorRangingFailure,
  kCLErrorPromptDeclined,
};

#endif  // WHEREAMI_FAKE_CL_ERROR_H_
