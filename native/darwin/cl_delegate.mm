// The CLLocationManagerDelegate: forwards each callback to the LocationCore.
// CoreLocation calls it on the run loop of the provider's thread, the thread
// that created the manager, so the core needs no lock.
#import "cl_delegate.h"

#import "objc_compat.h"

@implementation WHRLocationDelegate

- (instancetype)initWithCore:(whereami::darwin::LocationCore*)core {
  if ((self = [super init])) _core = core;
  return self;
}

- (void)detach {
  _core = nullptr;
}

// macOS 11 and later.
- (void)locationManagerDidChangeAuthorization:(CLLocationManager*)manager {
  if (_core != nullptr) _core->OnAuthorizationChanged();
}

// Before macOS 11; later systems call only the method above when a delegate
// has both. The core reads the status itself, so both lead to the same place.
- (void)locationManager:(CLLocationManager*)manager didChangeAuthorizationStatus:(CLAuthorizationStatus)status {
  if (_core != nullptr) _core->OnAuthorizationChanged();
}

- (void)locationManager:(CLLocationManager*)manager didUpdateLocations:(NSArray*)locations {
  if (_core != nullptr) _core->OnLocations(locations);
}

- (void)locationManager:(CLLocationManager*)manager didFailWithError:(NSError*)error {
  if (_core != nullptr) _core->OnError(error);
}

- (void)retryTimerFired {
  if (_core != nullptr) _core->OnRetry();
}

@end
