// CoreLocation test double: CLLocationManager, behaving as Apple documents it.
// - Delegate callbacks arrive on the run loop of the thread that created the
//   manager (performSelector:...afterDelay: on that thread), never inline.
// - The delegate hears the authorization status once after creation, and on
//   every change (locationManagerDidChangeAuthorization: on macOS 11+, else
//   locationManager:didChangeAuthorizationStatus:).
// - requestLocation answers once (a fix or an error), then is done;
//   startUpdatingLocation cancels a pending requestLocation; stopUpdatingLocation
//   ends both.
// - With Location Services off or authorization denied, location requests fail
//   with kCLErrorDenied; while not determined they wait. With services off the
//   status reads denied and no prompt is shown; without a usage description
//   requestWhenInUseAuthorization shows nothing at all.
// - startUpdatingLocation first hands back the cached fix, however old, then
//   fresh ones; requestLocation may answer from the cache too (scripted), and
//   at best accuracy it may take long (scripted delay).
#import "fake_system.h"

// What CLLocationManager's `_internal` holds.
@interface WHRFakeManagerState : NSObject {
 @public
  id delegate;
  CLLocationDistance distanceFilter;
  CLLocationAccuracy desiredAccuracy;
  BOOL requestPending;
  BOOL updating;
  BOOL deliveryScheduled;
  BOOL cachedFirst;            // the next answer is the cached fix (CLLocationManager.location)
  BOOL promptAnswerScheduled;  // this manager's timer answers the system-wide prompt
  CLLocation* lastDelivered;
  NSThread* thread;
  id link;
}
@end

@implementation WHRFakeManagerState
- (void)dealloc {
  [lastDelivered release];
  [thread release];
  [super dealloc];
}
@end

// Reaches a manager on its own thread; the registry holds links, never
// managers, so a manager is touched only on its thread.
@interface WHRFakeManagerLink : NSObject {
  CLLocationManager* _manager;  // cleared by the manager's dealloc, on its thread
  NSThread* _thread;
}
- (instancetype)initWithManager:(CLLocationManager*)manager thread:(NSThread*)thread;
- (void)post:(NSString*)name;
- (void)detach;
@end

@interface CLLocationManager (WHRFakeEvents)
- (void)whr_authorizationChanged;
- (void)whr_positionChanged:(NSData*)fix;
- (void)whr_after:(NSTimeInterval)delay perform:(NSString*)name;
- (void)whr_deliver;
- (void)whr_deliverFix:(const FakeCLFix*)moved;
@end

@implementation WHRFakeManagerLink
- (instancetype)initWithManager:(CLLocationManager*)manager thread:(NSThread*)thread {
  if ((self = [super init])) {
    _manager = manager;
    _thread = [thread retain];
  }
  return self;
}
- (void)dealloc {
  [_thread release];
  [super dealloc];
}
- (void)detach {
  _manager = nil;
}
- (void)forward:(NSString*)name {
  SEL selector = NSSelectorFromString(name);
  if (_manager != nil) [_manager performSelector:selector];
}
- (void)post:(NSString*)name {
  [self performSelector:@selector(forward:) onThread:_thread withObject:name waitUntilDone:NO];
}
- (void)authorizationChanged {
  [self post:@"whr_authorizationChanged"];
}
// The fix travels with the message: later moves must not overtake it.
- (void)positionChanged:(NSData*)fix {
  [self performSelector:@selector(forwardFix:) onThread:_thread withObject:fix waitUntilDone:NO];
}
- (void)forwardFix:(NSData*)fix {
  if (_manager != nil) [_manager whr_positionChanged:fix];
}
- (void)deliveriesReleased {
  [self post:@"whr_deliver"];
}
@end

#define STATE ((WHRFakeManagerState*)_internal)

@implementation CLLocationManager

+ (BOOL)locationServicesEnabled {
  BOOL enabled = FakeCLLockState()->services_enabled != 0;
  FakeCLUnlockState();
  return enabled;
}

+ (CLAuthorizationStatus)authorizationStatus {
  FakeCLState* s = FakeCLLockState();
  CLAuthorizationStatus status =
      s->services_enabled ? (CLAuthorizationStatus)s->authorization : kCLAuthorizationStatusDenied;
  FakeCLUnlockState();
  return status;
}

- (instancetype)init {
  if ((self = [super init])) {
    WHRFakeManagerState* state = [[WHRFakeManagerState alloc] init];
    state->distanceFilter = kCLDistanceFilterNone;
    state->desiredAccuracy = kCLLocationAccuracyBest;
    state->thread = [[NSThread currentThread] retain];
    state->link = [[WHRFakeManagerLink alloc] initWithManager:self thread:state->thread];
    _internal = state;
    FakeCLState* s = FakeCLLockState();
    s->counters.live_managers++;
    if (![NSThread isMultiThreaded]) s->counters.managers_made_single_threaded++;
    FakeCLUnlockState();
    FakeCLRegisterManager(state->link);
    // Apple reports the status once after creation, on the run loop.
    [self whr_after:0 perform:@"whr_authorizationChanged"];
  }
  return self;
}

// Timers target the link, not the manager: a pending timer must not keep a
// released manager alive (Foundation retains a timer's target).
- (void)whr_after:(NSTimeInterval)delay perform:(NSString*)name {
  [STATE->link performSelector:@selector(forward:) withObject:name afterDelay:delay];
}

- (void)dealloc {
  [NSObject cancelPreviousPerformRequestsWithTarget:STATE->link];
  [STATE->link detach];
  FakeCLUnregisterManager(STATE->link);
  // The prompt belongs to the system, not to the manager that asked: if the
  // person's answer was still to come through this manager's timer, it comes
  // now, to every other manager, rather than never.
  if (STATE->promptAnswerScheduled) {
    FakeCLState* s = FakeCLLockState();
    int answer = s->prompt_answer;
    FakeCLUnlockState();
    FakeCLAnswerPrompt(answer);
  }
  [STATE->link release];
  [_internal release];
  FakeCLLockState()->counters.live_managers--;
  FakeCLUnlockState();
  [super dealloc];
}

- (CLAuthorizationStatus)authorizationStatus {
  return [CLLocationManager authorizationStatus];
}

- (CLAccuracyAuthorization)accuracyAuthorization {
  CLAccuracyAuthorization value = (CLAccuracyAuthorization)FakeCLLockState()->accuracy_authorization;
  FakeCLUnlockState();
  return value;
}

- (id<CLLocationManagerDelegate>)delegate {
  return STATE->delegate;
}
- (void)setDelegate:(id<CLLocationManagerDelegate>)delegate {
  STATE->delegate = delegate;
}
- (CLLocationDistance)distanceFilter {
  return STATE->distanceFilter;
}
- (void)setDistanceFilter:(CLLocationDistance)distanceFilter {
  STATE->distanceFilter = distanceFilter;
  FakeCLLockState()->counters.last_distance_filter = distanceFilter;
  FakeCLUnlockState();
}
- (CLLocationAccuracy)desiredAccuracy {
  return STATE->desiredAccuracy;
}
- (void)setDesiredAccuracy:(CLLocationAccuracy)desiredAccuracy {
  STATE->desiredAccuracy = desiredAccuracy;
  FakeCLLockState()->counters.last_desired_accuracy = desiredAccuracy;
  FakeCLUnlockState();
}

- (CLLocation*)location {
  FakeCLState* s = FakeCLLockState();
  BOOL has = s->has_cached != 0;
  FakeCLFix fix = s->cached;
  double taken_at = s->cached_taken_at;
  FakeCLUnlockState();
  return has ? [FakeCLNewLocation(&fix, taken_at, NO) autorelease] : nil;
}

- (void)requestWhenInUseAuthorization {
  FakeCLState* s = FakeCLLockState();
  s->counters.authorization_requests++;
  BOOL show = s->authorization == kCLAuthorizationStatusNotDetermined && !s->prompt_showing && s->services_enabled &&
              s->has_usage_description;
  if (show) s->prompt_showing = 1;
  double delay = s->prompt_delay_ms;
  FakeCLUnlockState();
  if (show && delay >= 0) {
    STATE->promptAnswerScheduled = YES;
    [self whr_after:delay / 1000 perform:@"whr_answerPrompt"];
  }
}

- (void)whr_answerPrompt {
  STATE->promptAnswerScheduled = NO;
  FakeCLState* s = FakeCLLockState();
  int answer = s->prompt_answer;
  FakeCLUnlockState();
  FakeCLAnswerPrompt(answer);
}

- (void)requestLocation {
  FakeCLState* s = FakeCLLockState();
  s->counters.request_location_calls++;
  if (s->cached_answers > 0 && s->has_cached) {
    s->cached_answers--;
    STATE->cachedFirst = YES;
  }
  FakeCLUnlockState();
  STATE->requestPending = YES;
  [self whr_scheduleDelivery];
}

- (void)startUpdatingLocation {
  FakeCLState* s = FakeCLLockState();
  s->counters.start_updating_calls++;
  if (STATE->requestPending) s->counters.requests_cancelled_by_updates++;
  FakeCLUnlockState();
  STATE->requestPending = NO;
  if (!STATE->updating) {
    STATE->updating = YES;
    [STATE->lastDelivered release];
    STATE->lastDelivered = nil;
    STATE->cachedFirst = FakeCLLockState()->has_cached != 0;
    FakeCLUnlockState();
    [self whr_scheduleDelivery];
  }
}

- (void)stopUpdatingLocation {
  FakeCLLockState()->counters.stop_updating_calls++;
  FakeCLUnlockState();
  STATE->requestPending = NO;
  STATE->updating = NO;
  STATE->cachedFirst = NO;
}

- (void)whr_scheduleDelivery {
  if (STATE->deliveryScheduled) return;
  STATE->deliveryScheduled = YES;
  FakeCLState* s = FakeCLLockState();
  double delay = s->fix_delay_ms;
  int immediate = s->immediate_fixes;
  if (STATE->requestPending && !STATE->updating && STATE->desiredAccuracy <= kCLLocationAccuracyBest) {
    delay += s->best_accuracy_delay_ms;
  }
  FakeCLUnlockState();
  // Through the link, as a timer would: a released manager is never reached.
  if (immediate) {
    [STATE->link post:@"whr_scheduledDelivery"];
  } else {
    [self whr_after:delay / 1000 perform:@"whr_scheduledDelivery"];
  }
}

- (void)whr_scheduledDelivery {
  STATE->deliveryScheduled = NO;
  [self whr_deliver];
}

- (void)whr_authorizationChanged {
  id delegate = STATE->delegate;
  if (FakeCLOSVersionAtLeast(11, 0, 0) &&
      [delegate respondsToSelector:@selector(locationManagerDidChangeAuthorization:)]) {
    [delegate locationManagerDidChangeAuthorization:self];
  } else if ([delegate respondsToSelector:@selector(locationManager:didChangeAuthorizationStatus:)]) {
    [delegate locationManager:self didChangeAuthorizationStatus:[CLLocationManager authorizationStatus]];
  }
  if (STATE->requestPending || STATE->updating) [self whr_scheduleDelivery];
}

- (void)whr_positionChanged:(NSData*)fix {
  if (STATE->updating) [self whr_deliverFix:(const FakeCLFix*)[fix bytes]];
}

- (void)whr_fail:(NSInteger)code {
  STATE->requestPending = NO;
  NSError* error = [NSError errorWithDomain:kCLErrorDomain code:code userInfo:nil];
  id delegate = STATE->delegate;
  if ([delegate respondsToSelector:@selector(locationManager:didFailWithError:)]) {
    [delegate locationManager:self didFailWithError:error];
  }
}

// One answer for whatever is waiting: the next scripted error or fix, or the
// machine's position.
- (void)whr_deliver {
  [self whr_deliverFix:NULL];
}

// `moved`: the position a move delivers; NULL: the next scripted answer or
// the machine's position.
- (void)whr_deliverFix:(const FakeCLFix*)moved {
  if (!STATE->requestPending && !STATE->updating) return;
  FakeCLState* s = FakeCLLockState();
  if (s->held || s->authorization == kCLAuthorizationStatusNotDetermined) {
    FakeCLUnlockState();
    return;
  }
  BOOL denied = !s->services_enabled || s->authorization == kCLAuthorizationStatusDenied ||
                s->authorization == kCLAuthorizationStatusRestricted;
  // The cached fix goes first, as old as it is; the queue waits its turn.
  BOOL cached = !denied && moved == NULL && STATE->cachedFirst && s->has_cached;
  STATE->cachedFirst = NO;
  FakeCLQueued next;
  next.is_error = 0;
  next.fix = moved != NULL ? *moved : s->fix;
  double taken_at = 0;
  if (cached) {
    next.fix = s->cached;
    taken_at = s->cached_taken_at;
  } else {
    if (!denied && moved == NULL && s->queue_len > 0) {
      next = s->queue[0];
      memmove(&s->queue[0], &s->queue[1], (s->queue_len - 1) * sizeof(FakeCLQueued));
      s->queue_len--;
    }
    taken_at = [[NSDate date] timeIntervalSince1970] - next.fix.age_seconds;
  }
  BOOL reduced = s->accuracy_authorization == CLAccuracyAuthorizationReducedAccuracy ||
                 STATE->desiredAccuracy == kCLLocationAccuracyReduced;
  FakeCLUnlockState();
  if (denied || next.is_error) {
    [self whr_fail:denied ? kCLErrorDenied : next.code];
    return;
  }

  CLLocation* location = [FakeCLNewLocation(&next.fix, taken_at, reduced) autorelease];
  if (STATE->updating && STATE->lastDelivered != nil && STATE->distanceFilter > 0 &&
          [location distanceFromLocation:STATE->lastDelivered] < STATE -> distanceFilter) {
    return;
  }
  if (!cached) FakeCLSetCachedFix(&next.fix);
  STATE->requestPending = NO;
  // Fresh fixes follow the cached one while updating.
  if (cached && STATE->updating) [self whr_scheduleDelivery];
  if (STATE->updating) {
    [STATE->lastDelivered release];
    STATE->lastDelivered = [location retain];
  }
  id delegate = STATE->delegate;
  if ([delegate respondsToSelector:@selector(locationManager:didUpdateLocations:)]) {
    [delegate locationManager:self didUpdateLocations:[NSArray arrayWithObject:location]];
  }
}

@end
