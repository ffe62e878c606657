// The simulated machine behind the CoreLocation test double, and the
// scripting controls of FakeCoreLocationControl.h that change it.
#import "fake_system.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <string.h>
#include <time.h>

// Recursive: objects made under the lock count themselves under it too.
static pthread_mutex_t g_mutex;
static pthread_once_t g_mutex_once = PTHREAD_ONCE_INIT;

static void InitMutex(void) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&g_mutex, &attributes);
  pthread_mutexattr_destroy(&attributes);
}
static FakeCLState g_state;
static int g_initialized = 0;
static NSMutableArray* g_links = nil;

static void ResetLocked(void) {
  FakeCLCounters keep = g_state.counters;
  for (size_t i = 0; i < g_state.places_len; i++) {
    const char** fields[] = {
        &g_state.places[i].name,        &g_state.places[i].thoroughfare, &g_state.places[i].sub_thoroughfare,
        &g_state.places[i].locality,    &g_state.places[i].sub_locality, &g_state.places[i].administrative_area,
        &g_state.places[i].postal_code, &g_state.places[i].country,      &g_state.places[i].iso_country_code,
        &g_state.places[i].time_zone};
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) free((void*)*fields[f]);
  }
  memset(&g_state, 0, sizeof(g_state));
  g_state.os_major = 12;
  g_state.authorization = kCLAuthorizationStatusNotDetermined;
  g_state.prompt_answer = kCLAuthorizationStatusAuthorized;
  g_state.services_enabled = 1;
  g_state.has_usage_description = 1;
  g_state.accuracy_authorization = CLAccuracyAuthorizationFullAccuracy;
  g_state.fix = FakeCLDefaultFix();
  g_state.counters.live_managers = keep.live_managers;
  g_state.counters.live_locations = keep.live_locations;
  g_state.counters.live_geocoders = keep.live_geocoders;
  g_state.counters.last_desired_accuracy = -99;
  g_state.counters.last_distance_filter = -99;
}

FakeCLState* FakeCLLockState(void) {
  pthread_once(&g_mutex_once, InitMutex);
  pthread_mutex_lock(&g_mutex);
  if (!g_initialized) {
    g_initialized = 1;
    ResetLocked();
  }
  return &g_state;
}

void FakeCLUnlockState(void) {
  pthread_mutex_unlock(&g_mutex);
}

void FakeCLEnsureThread(void) {
  GSRegisterCurrentThread();
}

// On macOS the main thread is the process's first thread, whoever touches
// Foundation first. GNUstep instead adopts whichever thread first does, so
// its "main thread" may be a provider thread that happened to start first.
int FakeCLOnProcessMainThread(void) {
  return syscall(SYS_gettid) == getpid();
}

FakeCLFix FakeCLDefaultFix(void) {
  FakeCLFix fix;
  memset(&fix, 0, sizeof(fix));
  fix.latitude = 52.520008;
  fix.longitude = 13.404954;
  fix.altitude = 34;
  fix.horizontal_accuracy = 65;
  fix.vertical_accuracy = 10;
  fix.course = -1;
  fix.course_accuracy = -1;
  fix.speed = -1;
  fix.speed_accuracy = -1;
  fix.ellipsoidal_altitude = 78;
  return fix;
}

void FakeCLRegisterManager(id link) {
  FakeCLLockState();
  if (g_links == nil) g_links = [[NSMutableArray alloc] init];
  [g_links addObject:link];
  FakeCLUnlockState();
}

void FakeCLUnregisterManager(id link) {
  FakeCLLockState();
  [g_links removeObjectIdenticalTo:link];
  FakeCLUnlockState();
}

void FakeCLBroadcast(SEL selector) {
  FakeCLBroadcastWith(selector, nil);
}

void FakeCLBroadcastWith(SEL selector, id argument) {
  FakeCLEnsureThread();
  NSAutoreleasePool* pool = [[NSAutoreleasePool alloc] init];
  // A snapshot, so no lock is held while Foundation runs: a manager may be
  // unregistering on its own thread meanwhile.
  FakeCLLockState();
  NSArray* links = [[NSArray alloc] initWithArray:g_links];
  FakeCLUnlockState();
  for (id link in links) {
    @try {
      [link performSelector:selector withObject:argument];
    } @catch (NSException* exception) {
      // The manager's thread has just ended: nothing left to tell.
    }
  }
  [links release];
  [pool release];
}

// --- scripting controls --------------------------------------------------

void FakeCLReset(void) {
  FakeCLLockState();
  ResetLocked();
  FakeCLUnlockState();
}

void FakeCLSetOSVersion(int major, int minor, int patch) {
  FakeCLState* s = FakeCLLockState();
  s->os_major = major;
  s->os_minor = minor;
  s->os_patch = patch;
  FakeCLUnlockState();
}

int FakeCLOSVersionAtLeast(int major, int minor, int patch) {
  FakeCLState* s = FakeCLLockState();
  long have = s->os_major * 10000L + s->os_minor * 100L + s->os_patch;
  FakeCLUnlockState();
  return have >= major * 10000L + minor * 100L + patch;
}

void FakeCLSetAuthorizationStatus(int status) {
  FakeCLState* s = FakeCLLockState();
  s->authorization = status;
  s->prompt_showing = 0;
  FakeCLUnlockState();
  FakeCLBroadcast(@selector(authorizationChanged));
}

void FakeCLSetPromptAnswer(int status, double delay_ms) {
  FakeCLState* s = FakeCLLockState();
  s->prompt_answer = status;
  s->prompt_delay_ms = delay_ms;
  FakeCLUnlockState();
}

void FakeCLAnswerPrompt(int status) {
  FakeCLState* s = FakeCLLockState();
  int showing = s->prompt_showing;
  if (showing) {
    s->prompt_showing = 0;
    s->authorization = status;
  }
  FakeCLUnlockState();
  if (showing) FakeCLBroadcast(@selector(authorizationChanged));
}

int FakeCLPromptShowing(void) {
  FakeCLState* s = FakeCLLockState();
  int showing = s->prompt_showing;
  FakeCLUnlockState();
  return showing;
}

void FakeCLSetServicesEnabled(int enabled) {
  FakeCLState* s = FakeCLLockState();
  int changed = (s->services_enabled != 0) != (enabled != 0);
  s->services_enabled = enabled;
  // Switching services off also takes any prompt off the screen.
  if (!enabled) s->prompt_showing = 0;
  FakeCLUnlockState();
  if (changed) FakeCLBroadcast(@selector(authorizationChanged));
}

void FakeCLSetUsageDescription(int present) {
  FakeCLState* s = FakeCLLockState();
  s->has_usage_description = present;
  FakeCLUnlockState();
}

void FakeCLSetAccuracyAuthorization(long value) {
  FakeCLState* s = FakeCLLockState();
  s->accuracy_authorization = value;
  FakeCLUnlockState();
}

void FakeCLSetFix(const FakeCLFix* fix) {
  FakeCLState* s = FakeCLLockState();
  s->fix = *fix;
  FakeCLUnlockState();
}

void FakeCLMoveTo(double latitude, double longitude) {
  FakeCLState* s = FakeCLLockState();
  s->fix.latitude = latitude;
  s->fix.longitude = longitude;
  FakeCLFix moved = s->fix;
  FakeCLUnlockState();
  FakeCLEnsureThread();
  NSAutoreleasePool* pool = [[NSAutoreleasePool alloc] init];
  FakeCLBroadcastWith(@selector(positionChanged:), [NSData dataWithBytes:&moved length:sizeof(moved)]);
  [pool release];
}

void FakeCLSetCachedFix(const FakeCLFix* fix) {
  FakeCLState* s = FakeCLLockState();
  s->has_cached = fix != NULL;
  if (fix) {
    s->cached = *fix;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    s->cached_taken_at = now.tv_sec + now.tv_nsec / 1e9 - fix->age_seconds;
  }
  FakeCLUnlockState();
}

static void Enqueue(int is_error, long code, const FakeCLFix* fix) {
  FakeCLState* s = FakeCLLockState();
  if (s->queue_len < FAKE_MAX_QUEUE) {
    FakeCLQueued* q = &s->queue[s->queue_len++];
    q->is_error = is_error;
    q->code = code;
    if (fix) q->fix = *fix;
  }
  FakeCLUnlockState();
}

void FakeCLQueueFix(const FakeCLFix* fix) {
  Enqueue(0, 0, fix);
}
void FakeCLQueueError(long code) {
  Enqueue(1, code, NULL);
}

void FakeCLSetFixDelay(double delay_ms) {
  FakeCLState* s = FakeCLLockState();
  s->fix_delay_ms = delay_ms;
  FakeCLUnlockState();
}

void FakeCLSetImmediateFixes(int immediate) {
  FakeCLState* s = FakeCLLockState();
  s->immediate_fixes = immediate;
  FakeCLUnlockState();
}

void FakeCLSetBestAccuracyDelay(double delay_ms) {
  FakeCLState* s = FakeCLLockState();
  s->best_accuracy_delay_ms = delay_ms;
  FakeCLUnlockState();
}

void FakeCLAnswerFromCache(int count) {
  FakeCLState* s = FakeCLLockState();
  s->cached_answers = count;
  FakeCLUnlockState();
}

void FakeCLHoldFixes(int held) {
  FakeCLState* s = FakeCLLockState();
  s->held = held;
  FakeCLUnlockState();
  if (!held) FakeCLBroadcast(@selector(deliveriesReleased));
}

static const char* Dup(const char* text) {
  return text ? strdup(text) : NULL;
}

void FakeCLSetPlaces(const FakeCLPlace* places, size_t count) {
  FakeCLState* s = FakeCLLockState();
  for (size_t i = 0; i < s->places_len; i++) {
    FakeCLPlace* p = &s->places[i];
    const char* fields[] = {
        p->name,        p->thoroughfare, p->sub_thoroughfare, p->locality, p->sub_locality, p->administrative_area,
        p->postal_code, p->country,      p->iso_country_code, p->time_zone};
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) free((void*)fields[f]);
  }
  s->places_len = 0;
  for (size_t i = 0; i < count && i < FAKE_MAX_PLACES; i++) {
    FakeCLPlace copy = places[i];
    copy.name = Dup(copy.name);
    copy.thoroughfare = Dup(copy.thoroughfare);
    copy.sub_thoroughfare = Dup(copy.sub_thoroughfare);
    copy.locality = Dup(copy.locality);
    copy.sub_locality = Dup(copy.sub_locality);
    copy.administrative_area = Dup(copy.administrative_area);
    copy.postal_code = Dup(copy.postal_code);
    copy.country = Dup(copy.country);
    copy.iso_country_code = Dup(copy.iso_country_code);
    copy.time_zone = Dup(copy.time_zone);
    s->places[s->places_len++] = copy;
  }
  FakeCLUnlockState();
}

void FakeCLQueueGeocodeError(long code) {
  FakeCLState* s = FakeCLLockState();
  if (s->geocode_errors_len < FAKE_MAX_QUEUE) s->geocode_errors[s->geocode_errors_len++] = code;
  FakeCLUnlockState();
}

void FakeCLSetGeocodeDelay(double delay_ms) {
  FakeCLState* s = FakeCLLockState();
  s->geocode_delay_ms = delay_ms;
  FakeCLUnlockState();
}

void FakeCLGetCounters(FakeCLCounters* out) {
  FakeCLState* s = FakeCLLockState();
  *out = s->counters;
  FakeCLUnlockState();
}
