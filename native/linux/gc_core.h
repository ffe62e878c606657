// The GeoClue side of a provider: pending one-shot requests (pooled per
// accuracy level, one GeoClue client per pool), watches (a client each),
// authorization as far as GeoClue lets a client know it, and recovery when
// the daemon or the bus goes away. Runs on the provider's GLib thread only.
#ifndef WHEREAMI_LINUX_GC_CORE_H_
#define WHEREAMI_LINUX_GC_CORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../provider.h"
#include "gc_bus.h"
#include "gc_client.h"

namespace whereami::linux_gc {

struct CoreSettings {
  std::string desktop_id;
  unsigned agent_wait_ms = 5000;
};

class GeoClueCore {
 public:
  explicit GeoClueCore(CoreSettings settings);
  ~GeoClueCore();
  GeoClueCore(const GeoClueCore&) = delete;
  GeoClueCore& operator=(const GeoClueCore&) = delete;

  // `asked_at_ms` is when the caller asked: with options.maximum_age_ms it
  // bounds how old a fix may be (made no earlier than asked_at - maximum_age).
  void Request(RequestId id, const RequestOptions& options, double asked_at_ms, RequestCallbacks callbacks);
  void Cancel(RequestId id);
  void StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks);
  void StopWatch(RequestId id);

  AuthorizationStatus Status() const { return m_status; }
  void RequestAuthorization(std::function<void(AuthorizationStatus)> done);
  void ServicesEnabled(std::function<void(bool)> done);

  // Every request and watch gets ABORTED; authorization waiters get the status.
  void AbortAll();

 private:
  struct Pending {
    RequestOptions options;
    RequestCallbacks callbacks;
    // The oldest fix time this request takes.
    double oldest_ms = 0;
  };
  struct Pool {
    std::uint64_t generation = 0;
    std::unique_ptr<ClientSession> session;
    std::map<RequestId, Pending> requests;
    bool prompting = false;
  };
  struct Watch {
    WatchOptions options;
    WatchCallbacks callbacks;
    std::unique_ptr<ClientSession> session;
  };

  void StartPool(AccuracyLevel level);
  void OnPoolFix(AccuracyLevel level, const Fix& fix);
  void OnPoolError(AccuracyLevel level, const Error& error);
  void OnPoolPrompt(AccuracyLevel level, bool pending);
  void StartAuthorizationCheck();
  void FinishAuthorization();
  void Learn(const Error& error);
  void FailEverything(const Error& error);
  std::unique_ptr<ClientSession> NewSession(GDBusConnection* connection, AccuracyLevel level, double distance_m,
                                            SessionListener listener);

  CoreSettings m_settings;
  BusLink m_bus;
  std::map<AccuracyLevel, Pool> m_pools;
  std::map<RequestId, Watch> m_watches;
  std::unique_ptr<ClientSession> m_auth_session;
  std::vector<std::function<void(AuthorizationStatus)>> m_auth_waiters;
  std::optional<Fix> m_last_fix;
  AuthorizationStatus m_status = AuthorizationStatus::kNotDetermined;
  std::uint64_t m_next_generation = 1;
};

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_CORE_H_
