// CoreLocation test double: CLLocationManager.h.
// Checked against MacOSX12.1.sdk CoreLocation.framework/Versions/Current/
// Headers/CLLocationManager.h (phracker/MacOSX-SDKs): CLAuthorizationStatus is
// NS_ENUM(int) with raw values 0..4 and kCLAuthorizationStatusAuthorized equal
// to kCLAuthorizationStatusAuthorizedAlways (3); the name
// kCLAuthorizationStatusAuthorizedWhenInUse (4) is API_UNAVAILABLE(macos), so
// native/darwin never names it. The instance properties authorizationStatus
// and accuracyAuthorization are macOS 11+, the class method is deprecated in
// 11, requestWhenInUseAuthorization is 10.15+, requestLocation 10.14+.
// Only the members the bridge uses are declared; nothing is added.
#ifndef WHEREAMI_FAKE_CL_LOCATION_MANAGER_H_
#define WHEREAMI_FAKE_CL_LOCATION_MANAGER_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>
#import <CoreLocation/CLLocation.h>

NS_ASSUME_NONNULL_BEGIN

typedef NS_ENUM(int, CLAuthorizationStatus) {
  kCLAuthorizationStatusNotDetermined = 0,
  kCLAuthorizationStatusRestricted,
  kCLAuthorizationStatusDenied,
  kCLAuthorizationStatusAuthorizedAlways API_AVAILABLE(macos(10.12), ios(8.0)),
  kCLAuthorizationStatusAuthorizedWhenInUse API_AVAILABLE(ios(8.0)) API_UNAVAILABLE(macos),
  kCLAuthorizationStatusAuthorized API_DEPRECATED("Use kCLAuthorizationStatusAuthorizedAlways", ios(2.0, 8.0))
      API_AVAILABLE(macos(10.6)) API_UNAVAILABLE(watchos, tvos) = kCLAuthorizationStatusAuthorizedAlways
};

typedef NS_ENUM(NSInteger, CLAccuracyAuthorization) {
  CLAccuracyAuthorizationFullAccuracy,
  CLAccuracyAuthorizationReducedAccuracy,
};

@protocol CLLocationManagerDelegate;

API_AVAILABLE(macos(10.6), ios(2.0))
@interface CLLocationManager : NSObject {
 @private
  id _internal;
}

+ (BOOL)locationServicesEnabled API_AVAILABLE(ios(4.0), macos(10.7));

@property(nonatomic, readonly)
    CLAuthorizationStatus authorizationStatus API_AVAILABLE(ios(14.0), macos(11.0), watchos(7.0), tvos(14.0));
+ (CLAuthorizationStatus)authorizationStatus API_DEPRECATED_WITH_REPLACEMENT("-authorizationStatus", ios(4.2, 14.0),
                                                                             macos(10.7, 11.0), watchos(1.0, 7.0),
                                                                             tvos(9.0, 14.0));

@property(nonatomic, readonly)
    CLAccuracyAuthorization accuracyAuthorization API_AVAILABLE(ios(14.0), macos(11.0), watchos(7.0), tvos(14.0));

// Apple declares it weak; MRR on GNUstep has no weak, and weak and assign
// both leave the delegate unretained, which is what the double does.
@property(assign, nonatomic, nullable) id<CLLocationManagerDelegate> delegate;

@property(assign, nonatomic) CLLocationDistance distanceFilter;
@property(assign, nonatomic) CLLocationAccuracy desiredAccuracy;
@property(readonly, nonatomic, copy, nullable) CLLocation* location;

- (void)requestWhenInUseAuthorization API_AVAILABLE(ios(8.0), macos(10.15));
- (void)startUpdatingLocation API_AVAILABLE(watchos(3.0))API_UNAVAILABLE(tvos);
- (void)stopUpdatingLocation;
- (void)requestLocation API_AVAILABLE(ios(9.0), macos(10.14));

@end

NS_ASSUME_NONNULL_END

#endif  // WHEREAMI_FAKE_CL_LOCATION_MANAGER_H_
