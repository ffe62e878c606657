// Internal to the CoreLocation test double: the simulated machine (one state
// shared by every manager, guarded by one mutex) and the private hooks the
// double's classes use on each other. Not an Apple header, and not the
// scripting API (that is FakeCoreLocationControl.h).
#ifndef WHEREAMI_FAKE_SYSTEM_H_
#define WHEREAMI_FAKE_SYSTEM_H_

#import <CoreLocation/CoreLocation.h>
#import <Foundation/Foundation.h>

#include "FakeCoreLocationControl.h"

#define FAKE_MAX_QUEUE 32
#define FAKE_MAX_PLACES 8

typedef struct FakeCLQueued {
  int is_error;
  long code;
  FakeCLFix fix;
} FakeCLQueued;

typedef struct FakeCLState {
  int os_major, os_minor, os_patch;
  int authorization;
  int prompt_answer;
  double prompt_delay_ms;
  int prompt_showing;
  int services_enabled;
  int has_usage_description;
  long accuracy_authorization;
  FakeCLFix fix;
  int has_cached;
  FakeCLFix cached;
  double cached_taken_at;  // seconds since 1970
  FakeCLQueued queue[FAKE_MAX_QUEUE];
  size_t queue_len;
  double fix_delay_ms;
  int immediate_fixes;  // answers are performed on the manager's thread, no timer
  double best_accuracy_delay_ms;
  int cached_answers;
  int held;
  FakeCLPlace places[FAKE_MAX_PLACES];
  size_t places_len;
  long geocode_errors[FAKE_MAX_QUEUE];
  size_t geocode_errors_len;
  double geocode_delay_ms;
  long geocodes_in_flight;
  FakeCLCounters counters;
} FakeCLState;

// Locks the state; every access goes through these.
FakeCLState* FakeCLLockState(void);
void FakeCLUnlockState(void);

// GNUstep needs every thread that touches Foundation registered.
void FakeCLEnsureThread(void);
// True on the process's first thread, the only main thread Apple knows.
int FakeCLOnProcessMainThread(void);

// The managers alive, each reached on its own thread through a link object,
// so a manager is only ever touched on the thread that created it.
void FakeCLRegisterManager(id link);
void FakeCLUnregisterManager(id link);
void FakeCLBroadcast(SEL selector);
void FakeCLBroadcastWith(SEL selector, id argument);

FakeCLFix FakeCLDefaultFix(void);
CLLocation* FakeCLNewLocation(const FakeCLFix* fix, double taken_at, BOOL reduced);

@interface CLPlacemark (WHRFake)
- (instancetype)whr_initWithPlace:(const FakeCLPlace*)place;
@end

#endif  // WHEREAMI_FAKE_SYSTEM_H_
