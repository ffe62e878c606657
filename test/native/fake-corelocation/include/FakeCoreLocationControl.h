// Scripting controls of the CoreLocation test double. Not part of Apple's API
// and never included by the CoreLocation headers: only the double's sources
// and the test-only export of the addon's double build (native/addon,
// WHEREAMI_TEST_DOUBLE) include it. The double models the machine, shared by
// every CLLocationManager in the process, like the real location daemon.
//
// Every function may be called from any thread.
#ifndef WHEREAMI_FAKE_CORELOCATION_CONTROL_H_
#define WHEREAMI_FAKE_CORELOCATION_CONTROL_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct FakeCLFix {
  double latitude;
  double longitude;
  double altitude;
  double horizontal_accuracy;  // negative: invalid
  double vertical_accuracy;
  double course;
  double course_accuracy;
  double speed;
  double speed_accuracy;
  double ellipsoidal_altitude;
  int has_floor;
  long floor;
  int simulated;
  double age_seconds;  // how long before delivery the fix was taken
} FakeCLFix;

typedef struct FakeCLPlace {
  double latitude;
  double longitude;
  const char* name;  // NULL: absent
  const char* thoroughfare;
  const char* sub_thoroughfare;
  const char* locality;
  const char* sub_locality;
  const char* administrative_area;
  const char* postal_code;
  const char* country;
  const char* iso_country_code;
  const char* time_zone;
} FakeCLPlace;

typedef struct FakeCLCounters {
  long live_managers;
  long live_locations;
  long live_geocoders;
  long request_location_calls;
  long requests_cancelled_by_updates;
  long start_updating_calls;
  long stop_updating_calls;
  long authorization_requests;
  // Managers created before Cocoa was multithreaded ([NSThread isMultiThreaded]).
  long managers_made_single_threaded;
  long geocode_calls;
  long max_concurrent_geocodes;
  double last_desired_accuracy;
  double last_distance_filter;
} FakeCLCounters;

// Back to a machine with services on, authorization not determined, a
// prompt answered "authorized" at once, full accuracy, one fix in Berlin,
// macOS 12.0, and empty queues. Counters of calls restart at zero.
void FakeCLReset(void);

// What @available answers in native/darwin (see objc_compat.h).
void FakeCLSetOSVersion(int major, int minor, int patch);
int FakeCLOSVersionAtLeast(int major, int minor, int patch);

void FakeCLSetAuthorizationStatus(int status);  // notifies every manager
// requestWhenInUseAuthorization while not determined shows a prompt that is
// answered with `status` after `delay_ms`, or never (delay_ms < 0) until
// FakeCLAnswerPrompt.
void FakeCLSetPromptAnswer(int status, double delay_ms);
void FakeCLAnswerPrompt(int status);
int FakeCLPromptShowing(void);
// Off: authorizationStatus reads denied (Apple: denied covers "disabled
// globally"), no prompt is shown, and every manager's delegate hears of each
// switch, as it does of any authorization change.
void FakeCLSetServicesEnabled(int enabled);
// Whether the process's Info.plist carries a location usage description.
// Without one, requestWhenInUseAuthorization shows nothing and the status
// stays not determined (default: present).
void FakeCLSetUsageDescription(int present);
void FakeCLSetAccuracyAuthorization(long value);

// The position the machine reports; `MoveTo` also delivers it to managers
// that are updating, subject to their distanceFilter.
void FakeCLSetFix(const FakeCLFix* fix);
void FakeCLMoveTo(double latitude, double longitude);
// The location the system has cached (CLLocationManager.location).
void FakeCLSetCachedFix(const FakeCLFix* fix);
// The next deliveries, in order, before the position is used again.
void FakeCLQueueFix(const FakeCLFix* fix);
void FakeCLQueueError(long code);
void FakeCLSetFixDelay(double delay_ms);
// While on, a fix is delivered from the manager's run loop on its next turn
// (performSelector:onThread:, a run-loop source) rather than from a timer:
// still never inline, as CoreLocation; the fix delay is then ignored. For
// measuring the bridge without the run loop's timer machinery. Reset: off.
void FakeCLSetImmediateFixes(int immediate);
// Added to a requestLocation's delay while desiredAccuracy asks for the best
// (kCLLocationAccuracyBest or better): such a fix can take about 10 s.
void FakeCLSetBestAccuracyDelay(double delay_ms);
// The next `count` requestLocation calls are answered with the cached fix
// (CLLocationManager.location, as old as it is) when there is one.
void FakeCLAnswerFromCache(int count);
// While held, no fix or error is delivered; releasing delivers to every
// manager still waiting.
void FakeCLHoldFixes(int held);

void FakeCLSetPlaces(const FakeCLPlace* places, size_t count);
void FakeCLQueueGeocodeError(long code);
void FakeCLSetGeocodeDelay(double delay_ms);

void FakeCLGetCounters(FakeCLCounters* out);

#ifdef __cplusplus
}
#endif

#endif  // WHEREAMI_FAKE_CORELOCATION_CONTROL_H_
