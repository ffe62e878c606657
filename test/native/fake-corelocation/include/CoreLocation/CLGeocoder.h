// CoreLocation test double: CLGeocoder.h.
// Checked against MacOSX11.3.sdk CoreLocation.framework/Headers/CLGeocoder.h
// (phracker/MacOSX-SDKs): CLGeocodeCompletionHandler is a block type; the
// completion handlers of reverseGeocodeLocation: and geocodeAddressString:
// are blocks in Apple's API, and the double takes them the same way
// (Block_copy from libBlocksRuntime; no block reaches GNUstep Foundation).
#ifndef WHEREAMI_FAKE_CL_GEOCODER_H_
#define WHEREAMI_FAKE_CL_GEOCODER_H_

#import <Foundation/Foundation.h>
#import <CoreLocation/CLAvailability.h>
#import <CoreLocation/CLLocation.h>

NS_ASSUME_NONNULL_BEGIN

@class CLPlacemark;
@class CLGeocoderInternal;

typedef void (^CLGeocodeCompletionHandler)(NSArray<CLPlacemark*>* __nullable placemarks, NSError* __nullable error);

API_AVAILABLE(macos(10.8), ios(5.0))
@interface CLGeocoder : NSObject {
 @private
  CLGeocoderInternal* _internal;
}

@property(nonatomic, readonly, getter=isGeocoding) BOOL geocoding;

- (void)reverseGeocodeLocation:(CLLocation*)location completionHandler:(CLGeocodeCompletionHandler)completionHandler;
- (void)geocodeAddressString:(NSString*)addressString completionHandler:(CLGeocodeCompletionHandler)completionHandler;
- (void)cancelGeocode;

@end

NS_ASSUME_NONNULL_END

#endif  // WHEREAMI_FAKE_CL_GEOCODER_H_
