// CoreLocation test double: CLGeocoder and CLPlacemark.
// The completion handler is a block, as in Apple's API; the double copies it
// with Block_copy (libBlocksRuntime) and calls it on the run loop of the
// thread that asked, after the scripted delay. cancelGeocode answers a
// pending request with kCLErrorGeocodeCanceled. The double counts how many
// requests overlap, so tests can show the bridge serializes them.
#import "fake_system.h"

#include <Block.h>

@interface CLPlacemarkInternal : NSObject {
 @public
  CLLocation* location;
  NSTimeZone* timeZone;
  NSString *name, *thoroughfare, *subThoroughfare, *locality, *subLocality;
  NSString *administrativeArea, *postalCode, *country, *isoCountryCode;
}
@end

@implementation CLPlacemarkInternal
- (void)dealloc {
  [location release];
  [timeZone release];
  [name release];
  [thoroughfare release];
  [subThoroughfare release];
  [locality release];
  [subLocality release];
  [administrativeArea release];
  [postalCode release];
  [country release];
  [isoCountryCode release];
  [super dealloc];
}
@end

static NSString* Text(const char* value) {
  return value ? [[NSString alloc] initWithUTF8String:value] : nil;
}

@implementation CLPlacemark

- (instancetype)initWithPlacemark:(CLPlacemark*)placemark {
  if ((self = [super init])) _internal = [placemark->_internal retain];
  return self;
}

- (instancetype)whr_initWithPlace:(const FakeCLPlace*)place {
  if ((self = [super init])) {
    CLPlacemarkInternal* d = [[CLPlacemarkInternal alloc] init];
    d->location = [[CLLocation alloc] initWithLatitude:place->latitude longitude:place->longitude];
    d->timeZone =
        place->time_zone ? [[NSTimeZone alloc] initWithName:[NSString stringWithUTF8String:place->time_zone]] : nil;
    d->name = Text(place->name);
    d->thoroughfare = Text(place->thoroughfare);
    d->subThoroughfare = Text(place->sub_thoroughfare);
    d->locality = Text(place->locality);
    d->subLocality = Text(place->sub_locality);
    d->administrativeArea = Text(place->administrative_area);
    d->postalCode = Text(place->postal_code);
    d->country = Text(place->country);
    d->isoCountryCode = Text(place->iso_country_code);
    _internal = d;
  }
  return self;
}

- (void)dealloc {
  [_internal release];
  [super dealloc];
}

- (CLLocation*)location {
  return _internal->location;
}
- (NSTimeZone*)timeZone {
  return _internal->timeZone;
}
- (NSString*)name {
  return _internal->name;
}
- (NSString*)thoroughfare {
  return _internal->thoroughfare;
}
- (NSString*)subThoroughfare {
  return _internal->subThoroughfare;
}
- (NSString*)locality {
  return _internal->locality;
}
- (NSString*)subLocality {
  return _internal->subLocality;
}
- (NSString*)administrativeArea {
  return _internal->administrativeArea;
}
- (NSString*)subAdministrativeArea {
  return nil;
}
- (NSString*)postalCode {
  return _internal->postalCode;
}
- (NSString*)ISOcountryCode {
  return _internal->isoCountryCode;
}
- (NSString*)country {
  return _internal->country;
}
- (id)copyWithZone:(NSZone*)zone {
  return [self retain];
}
+ (BOOL)supportsSecureCoding {
  return YES;
}
- (void)encodeWithCoder:(NSCoder*)coder {
}
- (id)initWithCoder:(NSCoder*)coder {
  return [super init];
}
@end

@interface CLGeocoderInternal : NSObject {
 @public
  CLGeocodeCompletionHandler handler;  // Block_copy'd while a request is pending
}
@end

@implementation CLGeocoderInternal
@end

@implementation CLGeocoder

- (instancetype)init {
  if ((self = [super init])) {
    _internal = [[CLGeocoderInternal alloc] init];
    FakeCLLockState()->counters.live_geocoders++;
    FakeCLUnlockState();
  }
  return self;
}

- (void)dealloc {
  [self cancelGeocode];
  [_internal release];
  FakeCLLockState()->counters.live_geocoders--;
  FakeCLUnlockState();
  [super dealloc];
}

- (BOOL)isGeocoding {
  return _internal->handler != NULL;
}

- (void)whr_start:(CLGeocodeCompletionHandler)completionHandler {
  FakeCLState* s = FakeCLLockState();
  s->counters.geocode_calls++;
  s->geocodes_in_flight++;
  if (s->geocodes_in_flight > s->counters.max_concurrent_geocodes) {
    s->counters.max_concurrent_geocodes = s->geocodes_in_flight;
  }
  double delay = s->geocode_delay_ms;
  FakeCLUnlockState();
  if (_internal->handler != NULL) [self cancelGeocode];
  _internal->handler = Block_copy(completionHandler);
  [self performSelector:@selector(whr_finish) withObject:nil afterDelay:delay / 1000];
}

- (void)whr_answer:(NSArray*)placemarks error:(NSError*)error {
  CLGeocodeCompletionHandler handler = _internal->handler;
  if (handler == NULL) return;
  _internal->handler = NULL;
  FakeCLLockState()->geocodes_in_flight--;
  FakeCLUnlockState();
  handler(placemarks, error);
  Block_release(handler);
}

- (void)whr_finish {
  NSMutableArray* placemarks = [NSMutableArray array];
  long code = -1;
  FakeCLState* s = FakeCLLockState();
  if (s->geocode_errors_len > 0) {
    code = s->geocode_errors[0];
    memmove(&s->geocode_errors[0], &s->geocode_errors[1], (s->geocode_errors_len - 1) * sizeof(long));
    s->geocode_errors_len--;
  } else if (s->places_len == 0) {
    code = kCLErrorGeocodeFoundNoResult;
  } else {
    for (size_t i = 0; i < s->places_len; i++) {
      [placemarks addObject:[[[CLPlacemark alloc] whr_initWithPlace:&s->places[i]] autorelease]];
    }
  }
  FakeCLUnlockState();
  NSError* error = code >= 0 ? [NSError errorWithDomain:kCLErrorDomain code:code userInfo:nil] : nil;
  [self whr_answer:(code >= 0 ? nil : placemarks) error:error];
}

- (void)reverseGeocodeLocation:(CLLocation*)location completionHandler:(CLGeocodeCompletionHandler)completionHandler {
  [self whr_start:completionHandler];
}

- (void)geocodeAddressString:(NSString*)addressString completionHandler:(CLGeocodeCompletionHandler)completionHandler {
  [self whr_start:completionHandler];
}

- (void)cancelGeocode {
  if (_internal->handler == NULL) return;
  [NSObject cancelPreviousPerformRequestsWithTarget:self selector:@selector(whr_finish) object:nil];
  [self whr_answer:nil error:[NSError errorWithDomain:kCLErrorDomain code:kCLErrorGeocodeCanceled userInfo:nil]];
}

@end
