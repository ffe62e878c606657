// CoreLocation test double: CLGeocoder and CLPlacemark.
// The completion handler is a block, as in Apple's API; the double copies it
// with Block_copy (libBlocksRuntime) and calls it on the main thread's run
// loop, as Apple does, after the scripted delay. cancelGeocode completes a
// pending request later, on the main thread, with kCLErrorGeocodeCanceled.
// The double counts how many requests overlap, so tests can show the bridge
// serializes them.
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

// One geocoding request: its copied completion handler, answered once.
@interface WHRFakeGeocode : NSObject {
 @public
  CLGeocodeCompletionHandler handler;  // Block_copy'd
  double delayMs;
}
@end

@implementation WHRFakeGeocode
- (void)dealloc {
  if (handler != NULL) Block_release(handler);
  [super dealloc];
}
@end

@interface CLGeocoderInternal : NSObject {
 @public
  WHRFakeGeocode* pending;  // under the state lock
}
@end

@implementation CLGeocoderInternal
@end

// Apple: "Your completion handler block will be executed on the main
// thread." So the double answers on the process's main thread run loop, and
// a process whose main thread never runs it (plain node: libuv; a helper
// blocked reading stdin) never hears back. A request asked from any thread
// and its cancellation both complete there, later.
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
  // Every queued main-thread perform retains the geocoder: a request still
  // pending here was never going to be answered.
  [_internal->pending release];
  [_internal release];
  FakeCLLockState()->counters.live_geocoders--;
  FakeCLUnlockState();
  [super dealloc];
}

- (BOOL)isGeocoding {
  FakeCLLockState();
  BOOL busy = _internal->pending != nil;
  FakeCLUnlockState();
  return busy;
}

- (void)whr_start:(CLGeocodeCompletionHandler)completionHandler {
  FakeCLEnsureThread();
  WHRFakeGeocode* request = [[WHRFakeGeocode alloc] init];
  request->handler = Block_copy(completionHandler);
  FakeCLState* s = FakeCLLockState();
  s->counters.geocode_calls++;
  request->delayMs = s->geocode_delay_ms;
  WHRFakeGeocode* previous = _internal->pending;
  if (previous != nil) s->geocodes_in_flight--;
  _internal->pending = [request retain];
  s->geocodes_in_flight++;
  if (s->geocodes_in_flight > s->counters.max_concurrent_geocodes) {
    s->counters.max_concurrent_geocodes = s->geocodes_in_flight;
  }
  FakeCLUnlockState();
  if (previous != nil) [self whr_completeCancelled:previous];
  [self performSelectorOnMainThread:@selector(whr_schedule:) withObject:request waitUntilDone:NO];
  [request release];
}

// Main thread: the scripted server delay, on the main run loop. Where
// GNUstep took another thread for "main" (it adopts the first thread that
// touched Foundation), the process's real main thread is not turning this run
// loop, and on a Mac the answer would never come: nor does it here.
- (void)whr_schedule:(WHRFakeGeocode*)request {
  if (!FakeCLOnProcessMainThread()) return;
  [self performSelector:@selector(whr_finish:) withObject:request afterDelay:request->delayMs / 1000];
}

// Main thread: the server's answer, unless the request was cancelled meanwhile.
- (void)whr_finish:(WHRFakeGeocode*)request {
  NSMutableArray* placemarks = [NSMutableArray array];
  long code = -1;
  FakeCLState* s = FakeCLLockState();
  if (_internal->pending != request) {
    FakeCLUnlockState();
    return;
  }
  _internal->pending = nil;
  s->geocodes_in_flight--;
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
  request->handler(code >= 0 ? nil : placemarks, error);
  [request release];  // the reference _internal->pending held
}

// Any thread: a cancelled request still completes, later, on the main thread.
- (void)whr_completeCancelled:(WHRFakeGeocode*)request {
  [self performSelectorOnMainThread:@selector(whr_deliverCancelled:) withObject:request waitUntilDone:NO];
  [request release];
}

- (void)whr_deliverCancelled:(WHRFakeGeocode*)request {
  if (!FakeCLOnProcessMainThread()) return;
  request->handler(nil, [NSError errorWithDomain:kCLErrorDomain code:kCLErrorGeocodeCanceled userInfo:nil]);
}

- (void)reverseGeocodeLocation:(CLLocation*)location completionHandler:(CLGeocodeCompletionHandler)completionHandler {
  [self whr_start:completionHandler];
}

- (void)geocodeAddressString:(NSString*)addressString completionHandler:(CLGeocodeCompletionHandler)completionHandler {
  [self whr_start:completionHandler];
}

- (void)cancelGeocode {
  FakeCLEnsureThread();
  FakeCLState* s = FakeCLLockState();
  WHRFakeGeocode* request = _internal->pending;
  _internal->pending = nil;
  if (request != nil) s->geocodes_in_flight--;
  FakeCLUnlockState();
  if (request != nil) [self whr_completeCancelled:request];
}

@end
