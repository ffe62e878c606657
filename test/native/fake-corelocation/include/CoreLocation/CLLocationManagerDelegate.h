// CoreLocation test double: CLLocationManagerDelegate.h.
// Checked against Apple's documentation of CLLocationManagerDelegate
// (developer.apple.com: locationManagerDidChangeAuthorization: is macOS 11.0+,
// locationManager:didChangeAuthorizationStatus: deprecated in macOS 11,
// locationManager:didUpdateLocations: macOS 10.9+) and public copies of the
// header. All methods are @optional, as in Apple's protocol.
#ifndef WHEREAMI_FAKE_CL_LOCATION_MANAGER_DELEGATE_H_
#define WHEREAMI_FAKE_CL_LOCATION_MANAGER_DELEGATE_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>
#import <CoreLocation/CLLocationManager.h>

NS_ASSUME_NONNULL_BEGIN

@class CLLocation;

@protocol CLLocationManagerDelegate <NSObject>
@optional
- (void)locationManager:(CLLocationManager*)manager
     didUpdateLocations:(NSArray<CLLocation*>*)locations API_AVAILABLE(ios(6.0), macos(10.9));
- (void)locationManager:(CLLocationManager*)manager didFailWithError:(NSError*)error;
- (void)locationManager:(CLLocationManager*)manager
    didChangeAuthorizationStatus:(CLAuthorizationStatus)status
    API_DEPRECATED_WITH_REPLACEMENT("-locationManagerDidChangeAuthorization:", ios(4.2, 14.0), macos(10.7, 11.0),
                                    watchos(1.0, 7.0), tvos(9.0, 14.0));
- (void)locationManagerDidChangeAuthorization:(CLLocationManager*)manager
    API_AVAILABLE(ios(14.0), macos(11.0), watchos(7.0), tvos(14.0));
@end

NS_ASSUME_NONNULL_END

#endif  // WHEREAMI_FAKE_CL_LOCATION_MANAGER_DELEGATE_H_
