// CoreLocation test double: CLLocation.h.
// Checked against MacOSX12.1.sdk CoreLocation.framework/Headers/CLLocation.h
// (phracker/MacOSX-SDKs): the typedefs, CLLocationCoordinate2D, the
// kCLDistanceFilterNone and kCLLocationAccuracy* constants, CLFloor (10.15),
// CLLocationSourceInformation (12.0) and CLLocation with its initializers and
// properties, with Apple's availability. Members Apple declares that no code
// here uses (CLTimeIntervalMax, getDistanceFrom:, ...) are left out; nothing
// is added.
#ifndef WHEREAMI_FAKE_CL_LOCATION_H_
#define WHEREAMI_FAKE_CL_LOCATION_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>

NS_ASSUME_NONNULL_BEGIN

typedef double CLLocationDegrees;
typedef double CLLocationAccuracy;
typedef double CLLocationSpeed;
typedef double CLLocationSpeedAccuracy;
typedef double CLLocationDirection;
typedef double CLLocationDirectionAccuracy;

struct CLLocationCoordinate2D {
  CLLocationDegrees latitude;
  CLLocationDegrees longitude;
};
typedef struct CLLocationCoordinate2D CLLocationCoordinate2D;

typedef double CLLocationDistance;

CL_EXTERN const CLLocationDistance kCLDistanceFilterNone;

CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyBestForNavigation API_AVAILABLE(ios(4.0), macos(10.7));
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyBest;
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyNearestTenMeters;
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyHundredMeters;
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyKilometer;
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyThreeKilometers;
CL_EXTERN const CLLocationAccuracy kCLLocationAccuracyReduced API_AVAILABLE(ios(14.0), macos(11.0), watchos(7.0),
                                                                            tvos(14.0));

CL_EXTERN const CLLocationCoordinate2D kCLLocationCoordinate2DInvalid API_AVAILABLE(ios(4.0), macos(10.7));

CL_EXTERN BOOL CLLocationCoordinate2DIsValid(CLLocationCoordinate2D coord) API_AVAILABLE(ios(4.0), macos(10.7));
CL_EXTERN CLLocationCoordinate2D CLLocationCoordinate2DMake(CLLocationDegrees latitude, CLLocationDegrees longitude)
    API_AVAILABLE(ios(4.0), macos(10.7));

API_AVAILABLE(ios(8.0), macos(10.15))
@interface CLFloor : NSObject <NSCopying, NSSecureCoding>
@property(readonly, nonatomic) NSInteger level;
@end

API_AVAILABLE(ios(15.0), watchos(8.0), tvos(15.0), macos(12.0))
@interface CLLocationSourceInformation : NSObject <NSCopying, NSSecureCoding>
- (instancetype)initWithSoftwareSimulationState:(BOOL)isSoftware andExternalAccessoryState:(BOOL)isAccessory;
@property(readonly, nonatomic) BOOL isSimulatedBySoftware;
@property(readonly, nonatomic) BOOL isProducedByAccessory;
@end

API_AVAILABLE(macos(10.6), ios(2.0))
@interface CLLocation : NSObject <NSCopying, NSSecureCoding> {
 @private
  id _internal;
}

- (instancetype)initWithLatitude:(CLLocationDegrees)latitude longitude:(CLLocationDegrees)longitude;

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                         timestamp:(NSDate*)timestamp;

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                             speed:(CLLocationSpeed)speed
                         timestamp:(NSDate*)timestamp API_AVAILABLE(ios(4.2), macos(10.7));

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                    courseAccuracy:(CLLocationDirectionAccuracy)courseAccuracy
                             speed:(CLLocationSpeed)speed
                     speedAccuracy:(CLLocationSpeedAccuracy)speedAccuracy
                         timestamp:(NSDate*)timestamp
    API_AVAILABLE(ios(13.4), macos(10.15.4), watchos(6.2), tvos(13.4));

- (instancetype)initWithCoordinate:(CLLocationCoordinate2D)coordinate
                          altitude:(CLLocationDistance)altitude
                horizontalAccuracy:(CLLocationAccuracy)hAccuracy
                  verticalAccuracy:(CLLocationAccuracy)vAccuracy
                            course:(CLLocationDirection)course
                    courseAccuracy:(CLLocationDirectionAccuracy)courseAccuracy
                             speed:(CLLocationSpeed)speed
                     speedAccuracy:(CLLocationSpeedAccuracy)speedAccuracy
                         timestamp:(NSDate*)timestamp
                        sourceInfo:(CLLocationSourceInformation*)sourceInfo
    API_AVAILABLE(ios(15.0), watchos(8.0), tvos(15.0), macos(12.0));

@property(readonly, nonatomic) CLLocationCoordinate2D coordinate;
@property(readonly, nonatomic) CLLocationDistance altitude;
@property(readonly, nonatomic)
    CLLocationDistance ellipsoidalAltitude API_AVAILABLE(ios(15), macos(12), watchos(8), tvos(15));
@property(readonly, nonatomic) CLLocationAccuracy horizontalAccuracy;
@property(readonly, nonatomic) CLLocationAccuracy verticalAccuracy;
@property(readonly, nonatomic) CLLocationDirection course API_AVAILABLE(ios(2.2), macos(10.7));
@property(readonly, nonatomic)
    CLLocationDirectionAccuracy courseAccuracy API_AVAILABLE(ios(13.4), macos(10.15.4), watchos(6.2), tvos(13.4));
@property(readonly, nonatomic) CLLocationSpeed speed API_AVAILABLE(ios(2.2), macos(10.7));
@property(readonly, nonatomic)
    CLLocationSpeedAccuracy speedAccuracy API_AVAILABLE(macos(10.15), ios(10.0), watchos(3.0), tvos(10.0));
@property(readonly, nonatomic, copy) NSDate* timestamp;
@property(readonly, nonatomic, copy, nullable) CLFloor* floor API_AVAILABLE(ios(8.0), macos(10.15));
@property(readonly, nonatomic, nullable)
    CLLocationSourceInformation* sourceInformation API_AVAILABLE(ios(15.0), watchos(8.0), tvos(15.0), macos(12.0));

- (CLLocationDistance)distanceFromLocation:(const CLLocation*)location API_AVAILABLE(ios(3.2), macos(10.6));

@end

NS_ASSUME_NONNULL_END

#endif  // WHEREAMI_FAKE_CL_LOCATION_H_
