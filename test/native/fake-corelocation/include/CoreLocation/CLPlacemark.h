// CoreLocation test double: CLPlacemark.h.
// Checked against MacOSX12.1.sdk CoreLocation.framework/Headers/CLPlacemark.h
// (phracker/MacOSX-SDKs): the address properties, location and timeZone
// (10.11+), all readonly, copy, nullable. The initializer Apple declares is
// initWithPlacemark: only; the double builds placemarks internally.
#ifndef WHEREAMI_FAKE_CL_PLACEMARK_H_
#define WHEREAMI_FAKE_CL_PLACEMARK_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>

NS_ASSUME_NONNULL_BEGIN

@class CLLocation;
@class CLPlacemarkInternal;

API_AVAILABLE(macos(10.8), ios(5.0))
@interface CLPlacemark : NSObject <NSCopying, NSSecureCoding> {
 @private
  CLPlacemarkInternal* _internal;
}

- (instancetype)initWithPlacemark:(CLPlacemark*)placemark;

@property(nonatomic, readonly, copy, nullable) CLLocation* location;
@property(nonatomic, readonly, copy, nullable) NSTimeZone* timeZone NS_AVAILABLE(10_11, 9_0);
@property(nonatomic, readonly, copy, nullable) NSString* name;
@property(nonatomic, readonly, copy, nullable) NSString* thoroughfare;
@property(nonatomic, readonly, copy, nullable) NSString* subThoroughfare;
@property(nonatomic, readonly, copy, nullable) NSString* locality;
@property(nonatomic, readonly, copy, nullable) NSString* subLocality;
@property(nonatomic, readonly, copy, nullable) NSString* administrativeArea;
@property(nonatomic, readonly, copy, nullable) NSString* subAdministrativeArea;
@property(nonatomic, readonly, copy, nullable) NSString* postalCode;
@property(nonatomic, readonly, copy, nullable) NSString* ISOcountryCode;
@property(nonatomic, readonly, copy, nullable) NSString* country;
@end

NS_ASSUME_NONNULL_END

#endif  // WHEREAMI_FAKE_CL_PLACEMARK_H_
