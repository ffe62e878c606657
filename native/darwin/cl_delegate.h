// The Objective-C delegate of a provider's CLLocationManager.
#ifndef WHEREAMI_DARWIN_CL_DELEGATE_H_
#define WHEREAMI_DARWIN_CL_DELEGATE_H_

#import <CoreLocation/CoreLocation.h>

#import "objc_compat.h"

#include "cl_location_core.h"

@interface WHRLocationDelegate : NSObject <CLLocationManagerDelegate> {
  whereami::darwin::LocationCore* _core;  // owns this delegate; cleared by -detach
}
- (instancetype)initWithCore:(whereami::darwin::LocationCore*)core;
- (void)detach;
- (void)retryTimerFired;
@end

#endif  // WHEREAMI_DARWIN_CL_DELEGATE_H_
