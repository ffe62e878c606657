// Requests, watches and authorization on one CLLocationManager.
//
// One-shot requests use requestLocation (answers once); while any watch runs,
// startUpdatingLocation serves both (it cancels a pending requestLocation, as
// Apple documents). A request made while the status is not determined asks
// for authorization first and reports the prompt through on_prompt, so the
// core can keep the prompt out of its timeout; the answer then lets the
// request proceed or fails it with PERMISSION_DENIED.
#import "cl_location_core.h"

#import "cl_delegate.h"
#import "cl_mapping.h"
#import "objc_compat.h"

#include <algorithm>
#include <cmath>

namespace whereami::darwin {

namespace {
// A fix stamped up to this long before its request started still counts as
// fresh: CoreLocation stamps a fix when it was computed, not when delivered,
// and a Wi-Fi fix can take a few seconds to arrive.
constexpr double kFreshSlackMs = 3000;
// After kCLErrorLocationUnknown, requestLocation is done; ask again after this.
constexpr NSTimeInterval kRetryDelaySeconds = 0.5;
// ...but not forever: with Wi-Fi off it never comes (about 3 s of retries).
constexpr int kMaxLocationUnknownRetries = 6;
// After a stale (cached) fix, ask again after this, doubling up to the cap:
// asking at once only gets the same cached fix again, thousands of times.
constexpr NSTimeInterval kStaleRetryFirstSeconds = 0.25;
constexpr NSTimeInterval kStaleRetryMaxSeconds = 2;
// Reduced-accuracy locations are updated "at most a few times per hour"
// (Apple, kCLLocationAccuracyReduced): one up to this old is the current one,
// and waiting for a fresher one would only run into the timeout.
constexpr double kReducedFreshMs = 20 * 60 * 1000;
}  // namespace

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadius = 6371008.8;
  constexpr double kRad = M_PI / 180;
  double dlat = (lat2 - lat1) * kRad;
  double dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

LocationCore::LocationCore(std::shared_ptr<RunLoopThread> thread) : m_thread(std::move(thread)) {
  m_manager = [[CLLocationManager alloc] init];
  m_delegate = [[WHRLocationDelegate alloc] initWithCore:this];
  [m_manager setDelegate:m_delegate];
}

LocationCore::~LocationCore() {
  [NSObject cancelPreviousPerformRequestsWithTarget:m_delegate];
  [m_delegate detach];
  [m_manager setDelegate:nil];
  if (m_updating || m_request_in_flight) [m_manager stopUpdatingLocation];
  WHR_RELEASE(m_manager);
  m_manager = nil;
  WHR_RELEASE(m_delegate);
  m_delegate = nil;
}

AuthorizationStatus LocationCore::Status() const {
  int raw = 0;
  if (WHR_AVAILABLE_MACOS_11) {
    raw = static_cast<int>([m_manager authorizationStatus]);
  } else {
    raw = static_cast<int>([CLLocationManager authorizationStatus]);
  }
  return MapStatus(raw);
}

bool LocationCore::ServicesEnabled() const {
  return [CLLocationManager locationServicesEnabled] ? true : false;
}

AccuracyAuthorization LocationCore::Accuracy() const {
  if (WHR_AVAILABLE_MACOS_11) {
    if ([m_manager accuracyAuthorization] == CLAccuracyAuthorizationReducedAccuracy) {
      return AccuracyAuthorization::kReduced;
    }
  }
  return AccuracyAuthorization::kFull;
}

bool LocationCore::FixesReduced() const {
  return m_reduced_requested || Accuracy() == AccuracyAuthorization::kReduced;
}

void LocationCore::Request(RequestId id, const RequestOptions& options, RequestCallbacks callbacks) {
  PendingRequest request{options, std::move(callbacks), NowMs(), false};
  if (AnswerFromCache(request)) return;
  m_requests.emplace(id, std::move(request));
  m_new_waiter = true;
  if (m_updating && m_watches.size() > 0) {
    // A running update with a distance filter may say nothing while the Mac
    // stays put; restarting it brings a fix promptly.
    [m_manager stopUpdatingLocation];
    m_updating = false;
  }
  Advance();
}

bool LocationCore::AnswerFromCache(const PendingRequest& request) {
  if (request.options.maximum_age_ms <= 0 || !ServicesEnabled()) return false;
  if (Status() != AuthorizationStatus::kAuthorized) return false;
  Fix fix;
  if (!MapLocation([m_manager location], &fix)) return false;
  if (NowMs() - fix.timestamp_ms > request.options.maximum_age_ms) return false;
  fix.reduced = FixesReduced();
  request.callbacks.on_fix(fix);
  return true;
}

bool LocationCore::Cancel(RequestId id) {
  auto found = m_requests.find(id);
  if (found == m_requests.end()) return false;
  PendingRequest request = std::move(found->second);
  m_requests.erase(found);
  request.callbacks.on_error(MakeError("ABORTED", "The location request was cancelled."));
  Advance();
  return true;
}

void LocationCore::StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks) {
  m_watches.emplace(id, ActiveWatch{options, std::move(callbacks)});
  m_new_waiter = true;
  Advance();
  // An update already running may stay silent while the Mac stays put: the
  // new watch starts from its latest fix.
  auto joined = m_watches.find(id);
  if (joined != m_watches.end() && m_updating && m_last_update_fix) {
    Fix fix = *m_last_update_fix;
    auto on_fix = joined->second.callbacks.on_fix;
    if (DeliverToWatch(joined->second, fix)) on_fix(fix);
  }
}

void LocationCore::StopWatch(RequestId id) {
  if (m_watches.erase(id) > 0) Advance();
}

void LocationCore::RequestAuthorization(double limit_ms, std::function<void(AuthorizationStatus)> done) {
  AuthorizationStatus status = Status();
  if (status != AuthorizationStatus::kNotDetermined) {
    done(status);
    return;
  }
  std::uint64_t id = m_next_waiter_id++;
  m_auth_waiters.push_back(AuthWaiter{id, std::move(done)});
  if (limit_ms > 0) m_thread->RunAfter(limit_ms / 1000, [this, id] { ExpireAuthWaiter(id); });
  m_new_waiter = true;
  AskForAuthorization();
}

// A prompt that never came (no usage description, or dismissed unseen):
// the waiter gets the status as it is, still not determined.
void LocationCore::ExpireAuthWaiter(std::uint64_t id) {
  auto found = std::find_if(m_auth_waiters.begin(), m_auth_waiters.end(),
                            [id](const AuthWaiter& waiter) { return waiter.id == id; });
  if (found == m_auth_waiters.end()) return;
  auto done = std::move(found->done);
  m_auth_waiters.erase(found);
  done(Status());
}

void LocationCore::AskForAuthorization() {
  // Once per new waiter, not once per provider: a prompt that never appeared
  // must not leave every later request waiting out the prompt limit.
  if (m_new_waiter) {
    m_new_waiter = false;
    [m_manager requestWhenInUseAuthorization];
  }
  for (auto& [id, request] : m_requests) {
    if (request.prompting) continue;
    request.prompting = true;
    if (request.callbacks.on_prompt) request.callbacks.on_prompt(true);
  }
  for (auto& [id, watch] : m_watches) {
    if (watch.prompting) continue;
    watch.prompting = true;
    if (watch.callbacks.on_prompt) watch.callbacks.on_prompt(true);
  }
}

void LocationCore::Advance() {
  if (m_requests.empty() && m_watches.empty()) {
    StopLocating();
    return;
  }
  bool services = ServicesEnabled();
  AuthorizationStatus status = Status();
  if (!services || status == AuthorizationStatus::kDenied || status == AuthorizationStatus::kRestricted) {
    FailAll(DeniedError(status, services));
  } else if (status == AuthorizationStatus::kNotDetermined) {
    AskForAuthorization();
  } else {
    Configure();
  }
}

void LocationCore::Configure() {
  // Approximate requests leave the accuracy to the precise ones; when all are
  // approximate, ask CoreLocation for its reduced accuracy (macOS 11+), or for
  // 3 km before that (the core coarsens what comes back either way).
  double accuracy = HUGE_VAL;
  bool all_reduced = true;
  for (const auto& [id, request] : m_requests) {
    all_reduced = all_reduced && request.options.reduced;
    if (!request.options.reduced) accuracy = std::min(accuracy, request.options.accuracy_m);
  }
  for (const auto& [id, watch] : m_watches) {
    all_reduced = all_reduced && watch.options.reduced;
    if (!watch.options.reduced) accuracy = std::min(accuracy, watch.options.accuracy_m);
  }
  CLLocationAccuracy desired = accuracy <= 0 ? kCLLocationAccuracyBest : accuracy;
  m_reduced_requested = false;
  if (all_reduced) {
    desired = kCLLocationAccuracyThreeKilometers;
    if (WHR_AVAILABLE_MACOS_11) {
      desired = kCLLocationAccuracyReduced;
      m_reduced_requested = true;
    }
  }
  if ([m_manager desiredAccuracy] != desired) [m_manager setDesiredAccuracy:desired];
  if (!m_watches.empty()) {
    double filter = HUGE_VAL;
    for (const auto& [id, watch] : m_watches) filter = std::min(filter, watch.options.distance_filter_m);
    // Pending one-shot requests want the next fix, wherever it is.
    if (!m_requests.empty() || filter <= 0) filter = kCLDistanceFilterNone;
    if ([m_manager distanceFilter] != filter) [m_manager setDistanceFilter:filter];
    if (!m_updating) {
      [m_manager startUpdatingLocation];
      m_updating = true;
      m_updating_since_ms = NowMs();
      m_request_in_flight = false;
    }
    return;
  }
  if (m_updating) {
    [m_manager stopUpdatingLocation];
    m_updating = false;
    m_last_update_fix.reset();
  }
  if (!m_request_in_flight && !m_retry_scheduled) {
    m_request_in_flight = true;
    [m_manager requestLocation];
  }
}

void LocationCore::ScheduleRetry(double seconds) {
  m_retry_scheduled = true;
  [m_delegate performSelector:@selector(retryTimerFired) withObject:nil afterDelay:seconds];
}

void LocationCore::StopLocating() {
  m_unknown_failures = 0;
  m_stale_backoff_s = 0;
  if (m_updating || m_request_in_flight) [m_manager stopUpdatingLocation];
  m_last_update_fix.reset();
  m_updating = false;
  m_request_in_flight = false;
}

void LocationCore::FailAll(const Error& error) {
  auto requests = std::move(m_requests);
  auto watches = std::move(m_watches);
  m_requests.clear();
  m_watches.clear();
  StopLocating();
  for (auto& [id, request] : requests) request.callbacks.on_error(error);
  for (auto& [id, watch] : watches) watch.callbacks.on_error(error);
}

void LocationCore::AbortAll() {
  auto waiters = std::move(m_auth_waiters);
  m_auth_waiters.clear();
  AuthorizationStatus status = Status();
  for (auto& waiter : waiters) waiter.done(status);
  FailAll(MakeError("ABORTED", "The location provider was closed."));
}

void LocationCore::OnAuthorizationChanged() {
  AuthorizationStatus status = Status();
  // Also called once when the manager is created: nothing decided yet.
  if (status == AuthorizationStatus::kNotDetermined) return;
  for (auto& [id, request] : m_requests) {
    if (!request.prompting) continue;
    request.prompting = false;
    if (request.callbacks.on_prompt) request.callbacks.on_prompt(false);
  }
  for (auto& [id, watch] : m_watches) {
    if (!watch.prompting) continue;
    watch.prompting = false;
    if (watch.callbacks.on_prompt) watch.callbacks.on_prompt(false);
  }
  auto waiters = std::move(m_auth_waiters);
  m_auth_waiters.clear();
  for (auto& waiter : waiters) waiter.done(status);
  Advance();
}

void LocationCore::OnLocations(NSArray* locations) {
  bool one_shot = !m_updating && m_request_in_flight;
  if (!m_updating) m_request_in_flight = false;
  m_unknown_failures = 0;
  CLLocation* latest = [locations lastObject];
  Fix fix;
  if (MapLocation(latest, &fix)) {
    fix.reduced = FixesReduced();
    // startUpdatingLocation hands back the cached fix first, however old: a
    // one-shot request may still take it (its maximumAge decides), a watch
    // waits for the fresh ones that follow.
    bool cached = m_updating && fix.timestamp_ms < m_updating_since_ms - kFreshSlackMs;
    if (m_updating && !cached) m_last_update_fix = fix;
    size_t waiting = m_requests.size();
    DeliverToRequests(fix);
    if (!cached) DeliverToWatches(fix);
    if (one_shot && !m_requests.empty() && m_requests.size() == waiting && !m_retry_scheduled) {
      // Nobody took it: a cached fix too old for every request. Pause first.
      m_stale_backoff_s =
          m_stale_backoff_s <= 0 ? kStaleRetryFirstSeconds : std::min(m_stale_backoff_s * 2, kStaleRetryMaxSeconds);
      ScheduleRetry(m_stale_backoff_s);
      return;
    }
    m_stale_backoff_s = 0;
  }
  Advance();
}

void LocationCore::DeliverToRequests(const Fix& fix) {
  double now = NowMs();
  std::vector<RequestCallbacks> answered;
  for (auto it = m_requests.begin(); it != m_requests.end();) {
    const RequestOptions& options = it->second.options;
    // A fix older than the request and older than its maximumAge is stale:
    // CoreLocation may hand out a cached fix first.
    double acceptable_age = fix.reduced ? std::max(options.maximum_age_ms, kReducedFreshMs) : options.maximum_age_ms;
    bool fresh = fix.timestamp_ms >= it->second.started_ms - kFreshSlackMs || now - fix.timestamp_ms <= acceptable_age;
    if (fresh) {
      answered.push_back(std::move(it->second.callbacks));
      it = m_requests.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& callbacks : answered) callbacks.on_fix(fix);
}

// Records `fix` as the watch's latest; false when its distance filter holds it back.
bool LocationCore::DeliverToWatch(ActiveWatch& watch, const Fix& fix) {
  if (watch.has_last && watch.options.distance_filter_m > 0 &&
      DistanceMetres(watch.last_latitude, watch.last_longitude, fix.latitude, fix.longitude) <
          watch.options.distance_filter_m) {
    return false;
  }
  watch.has_last = true;
  watch.last_latitude = fix.latitude;
  watch.last_longitude = fix.longitude;
  return true;
}

void LocationCore::DeliverToWatches(const Fix& fix) {
  std::vector<std::function<void(const Fix&)>> targets;
  for (auto& [id, watch] : m_watches) {
    if (DeliverToWatch(watch, fix)) targets.push_back(watch.callbacks.on_fix);
  }
  for (auto& on_fix : targets) on_fix(fix);
}

void LocationCore::OnError(NSError* error) {
  bool cl_domain = [[error domain] isEqualToString:kCLErrorDomain];
  bool unknown = cl_domain && [error code] == kCLErrorLocationUnknown;
  // While updating, CoreLocation keeps going after both: so do the watches.
  if (m_updating && (unknown || (cl_domain && [error code] == kCLErrorNetwork))) return;
  if (unknown) {
    // A requestLocation is over: ask again shortly, a few times.
    if (!m_updating && m_request_in_flight) {
      m_request_in_flight = false;
      if (++m_unknown_failures <= kMaxLocationUnknownRetries) {
        ScheduleRetry(kRetryDelaySeconds);
        return;
      }
      m_unknown_failures = 0;
      FailAll(MapLocationError(error, ServicesEnabled()));
    }
    return;
  }
  m_request_in_flight = false;
  FailAll(MapLocationError(error, ServicesEnabled()));
}

void LocationCore::OnRetry() {
  m_retry_scheduled = false;
  Advance();
}

}  // namespace whereami::darwin
