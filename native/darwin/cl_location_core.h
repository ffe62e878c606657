// The CoreLocation side of a provider: one CLLocationManager and its
// delegate, the pending one-shot requests, the watches and the authorization
// waiters. Everything here runs on the provider's run-loop thread.
#ifndef WHEREAMI_DARWIN_CL_LOCATION_CORE_H_
#define WHEREAMI_DARWIN_CL_LOCATION_CORE_H_

#import <CoreLocation/CoreLocation.h>

#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <vector>

#include "../provider.h"
#include "cl_thread.h"
#include "objc_compat.h"

@class WHRLocationDelegate;

namespace whereami::darwin {

class LocationCore {
 public:
  explicit LocationCore(std::shared_ptr<RunLoopThread> thread);
  ~LocationCore();
  LocationCore(const LocationCore&) = delete;
  LocationCore& operator=(const LocationCore&) = delete;

  void Request(RequestId id, const RequestOptions& options, RequestCallbacks callbacks);
  bool Cancel(RequestId id);
  void StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks);
  void StopWatch(RequestId id);

  AuthorizationStatus Status() const;
  // `done` gets the decided status, or after `limit_ms` (> 0) the status then.
  void RequestAuthorization(double limit_ms, std::function<void(AuthorizationStatus)> done);
  bool ServicesEnabled() const;
  AccuracyAuthorization Accuracy() const;
  // Whether fixes now come reduced: asked for, or the person's "Precise Location" off.
  bool FixesReduced() const;

  // Every pending request and watch gets ABORTED; waiters get the status.
  void AbortAll();

  // From the delegate.
  void OnAuthorizationChanged();
  void OnLocations(NSArray* locations);
  void OnError(NSError* error);
  // From the retry timer after a transient failure.
  void OnRetry();

 private:
  struct PendingRequest {
    RequestOptions options;
    RequestCallbacks callbacks;
    double started_ms = 0;
    bool prompting = false;
  };
  struct AuthWaiter {
    std::uint64_t id = 0;
    std::function<void(AuthorizationStatus)> done;
  };
  struct ActiveWatch {
    WatchOptions options;
    WatchCallbacks callbacks;
    bool has_last = false;
    bool prompting = false;
    double last_latitude = 0;
    double last_longitude = 0;
  };

  void Advance();
  void AskForAuthorization();
  void Configure();
  void StopLocating();
  void FailAll(const Error& error);
  void DeliverToRequests(const Fix& fix);
  void DeliverToWatches(const Fix& fix);
  bool DeliverToWatch(ActiveWatch& watch, const Fix& fix);
  bool AnswerFromCache(const PendingRequest& request);
  void ExpireAuthWaiter(std::uint64_t id);
  void ScheduleRetry(double seconds);

  std::shared_ptr<RunLoopThread> m_thread;
  CLLocationManager* m_manager = nil;
  WHRLocationDelegate* m_delegate = nil;
  std::map<RequestId, PendingRequest> m_requests;
  std::map<RequestId, ActiveWatch> m_watches;
  std::vector<AuthWaiter> m_auth_waiters;
  std::uint64_t m_next_waiter_id = 1;
  // A request, watch or authorization waiter arrived since CoreLocation was
  // last asked: ask again (a prompt may never have appeared; asking is harmless).
  bool m_new_waiter = false;
  // When the running update began: the cached fix CoreLocation hands back
  // first is older, and no watch wants it.
  double m_updating_since_ms = 0;
  bool m_request_in_flight = false;
  bool m_updating = false;
  bool m_retry_scheduled = false;
  // Consecutive kCLErrorLocationUnknown answers to requestLocation.
  int m_unknown_failures = 0;
  // The pause before asking again after a stale fix; doubles up to a cap.
  double m_stale_backoff_s = 0;
  // desiredAccuracy is kCLLocationAccuracyReduced: every request and watch asked only for an approximate position.
  bool m_reduced_requested = false;
  // The latest fix of the running update: a watch that joins it starts there.
  std::optional<Fix> m_last_update_fix;
};

// Distance in metres between two WGS 84 points (haversine).
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

}  // namespace whereami::darwin

#endif  // WHEREAMI_DARWIN_CL_LOCATION_CORE_H_
