// Requests, watches and authorization on GeoClue2.
//
// One-shot requests at the same accuracy level share one GeoClue client, which
// is deleted once no request waits. GeoClue reports the location it already
// holds right after Start, then each new one. The held one can be as old as
// the last update another client caused, so each request takes the first fix
// made no earlier than its maximumAge allows (0: made after it asked), as the
// session stamps them (gc_client.cc), and otherwise waits for the next.
// Each watch has its own client, with GeoClue's DistanceThreshold as filter.
//
// A client waiting for LocationUpdated hears nothing if the daemon dies, so
// the bus link's name watch and closed signal fail everything pending; the
// next request makes a new client (and, if needed, a new bus connection).
// The first connection is made when the core is, before any request.
#include "gc_core.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace whereami::linux_gc {

GeoClueCore::GeoClueCore(CoreSettings settings)
    : m_settings(std::move(settings)),
      m_bus(BusEvents{
          [this] {
            FailEverything(MakeError("POSITION_UNAVAILABLE",
                                     "The GeoClue daemon stopped before it answered (org.freedesktop.GeoClue2 left "
                                     "the system bus). The next request asks it again.",
                                     "org.freedesktop.GeoClue2"));
          },
          [this] {
            FailEverything(MakeError("POSITION_UNAVAILABLE",
                                     "The connection to the D-Bus system bus closed before GeoClue answered. The "
                                     "next request connects again.",
                                     "org.freedesktop.DBus"));
          },
      }) {
  // Connect now, while the caller goes on with its own work: a first bus
  // connection costs milliseconds (GIO's types and worker thread,
  // authentication, Hello), which the first request then waits for less or
  // not at all. A failure here is nobody's: the first request connects again
  // and reports its own.
  m_bus.Connect([](GDBusConnection* /*connection*/, const Error* /*error*/) {});
}

GeoClueCore::~GeoClueCore() {
  AbortAll();
}

std::unique_ptr<ClientSession> GeoClueCore::NewSession(GDBusConnection* connection, AccuracyLevel level,
                                                       double distance_m, SessionListener listener) {
  SessionSettings settings;
  settings.desktop_id = m_settings.desktop_id;
  settings.level = level;
  settings.distance_threshold_m = distance_m > 0 ? static_cast<guint32>(std::ceil(distance_m)) : 0;
  settings.agent_wait_ms = m_settings.agent_wait_ms;
  auto authorized = std::move(listener.on_authorized);
  listener.on_authorized = [this, authorized] {
    m_status = AuthorizationStatus::kAuthorized;
    if (authorized) authorized();
  };
  auto session = std::make_unique<ClientSession>(connection, std::move(settings), std::move(listener));
  session->Begin();
  return session;
}

void GeoClueCore::Request(RequestId id, const RequestOptions& options, double asked_at_ms, RequestCallbacks callbacks) {
  double oldest_ms = asked_at_ms - std::max(0.0, options.maximum_age_ms);
  if (m_last_fix && options.maximum_age_ms > 0 && m_last_fix->timestamp_ms >= oldest_ms &&
      m_status != AuthorizationStatus::kDenied) {
    return callbacks.on_fix(*m_last_fix);
  }
  AccuracyLevel level = LevelForRequest(options.accuracy_m, options.reduced);
  Pool& pool = m_pools[level];
  pool.requests.emplace(id, Pending{options, std::move(callbacks), oldest_ms});
  if (pool.generation == 0) StartPool(level);
}

void GeoClueCore::StartPool(AccuracyLevel level) {
  std::uint64_t generation = m_next_generation++;
  m_pools[level].generation = generation;
  m_bus.Connect([this, level, generation](GDBusConnection* connection, const Error* error) {
    auto found = m_pools.find(level);
    if (found == m_pools.end() || found->second.generation != generation) return;
    if (error != nullptr) return OnPoolError(level, *error);
    SessionListener listener;
    listener.on_fix = [this, level](const Fix& fix) { OnPoolFix(level, fix); };
    listener.on_error = [this, level](const Error& error) { OnPoolError(level, error); };
    listener.on_prompt = [this, level](bool pending) { OnPoolPrompt(level, pending); };
    found->second.session = NewSession(connection, level, 0, std::move(listener));
  });
}

void GeoClueCore::OnPoolFix(AccuracyLevel level, const Fix& fix) {
  if (!m_last_fix || fix.timestamp_ms >= m_last_fix->timestamp_ms) m_last_fix = fix;
  auto found = m_pools.find(level);
  if (found == m_pools.end()) return;
  std::vector<RequestCallbacks> answered;
  auto& requests = found->second.requests;
  for (auto it = requests.begin(); it != requests.end();) {
    if (fix.timestamp_ms < it->second.oldest_ms) {
      ++it;  // too old for this one: it waits for GeoClue's next update
      continue;
    }
    answered.push_back(std::move(it->second.callbacks));
    it = requests.erase(it);
  }
  // Deletes the GeoClue client; the session may be the caller, and it allows that.
  if (requests.empty()) m_pools.erase(found);
  for (auto& callbacks : answered) callbacks.on_fix(fix);
}

void GeoClueCore::OnPoolError(AccuracyLevel level, const Error& error) {
  Learn(error);
  auto found = m_pools.find(level);
  if (found == m_pools.end()) return;
  auto requests = std::move(found->second.requests);
  m_pools.erase(found);
  for (auto& [id, request] : requests) request.callbacks.on_error(error);
}

void GeoClueCore::OnPoolPrompt(AccuracyLevel level, bool pending) {
  auto found = m_pools.find(level);
  if (found == m_pools.end() || found->second.prompting == pending) return;
  found->second.prompting = pending;
  for (auto& [id, request] : found->second.requests) {
    if (request.callbacks.on_prompt) request.callbacks.on_prompt(pending);
  }
}

void GeoClueCore::Cancel(RequestId id) {
  for (auto it = m_pools.begin(); it != m_pools.end(); ++it) {
    auto found = it->second.requests.find(id);
    if (found == it->second.requests.end()) continue;
    Pending request = std::move(found->second);
    it->second.requests.erase(found);
    if (it->second.requests.empty()) m_pools.erase(it);
    request.callbacks.on_error(MakeError("ABORTED", "The location request was cancelled."));
    return;
  }
}

void GeoClueCore::StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks) {
  m_watches.emplace(id, Watch{options, std::move(callbacks), nullptr});
  m_bus.Connect([this, id](GDBusConnection* connection, const Error* error) {
    auto found = m_watches.find(id);
    if (found == m_watches.end() || found->second.session) return;
    if (error != nullptr) {
      WatchCallbacks callbacks = std::move(found->second.callbacks);
      m_watches.erase(found);
      return callbacks.on_error(*error);
    }
    SessionListener listener;
    listener.on_fix = [this, id](const Fix& fix) {
      if (!m_last_fix || fix.timestamp_ms >= m_last_fix->timestamp_ms) m_last_fix = fix;
      auto watch = m_watches.find(id);
      if (watch == m_watches.end()) return;
      auto on_fix = watch->second.callbacks.on_fix;
      on_fix(fix);
    };
    listener.on_error = [this, id](const Error& error) {
      Learn(error);
      auto watch = m_watches.find(id);
      if (watch == m_watches.end()) return;
      WatchCallbacks callbacks = std::move(watch->second.callbacks);
      m_watches.erase(watch);
      callbacks.on_error(error);
    };
    const WatchOptions& options = found->second.options;
    found->second.session = NewSession(connection, LevelForRequest(options.accuracy_m, options.reduced),
                                       options.distance_filter_m, std::move(listener));
  });
}

void GeoClueCore::StopWatch(RequestId id) {
  m_watches.erase(id);
}

void GeoClueCore::RequestAuthorization(std::function<void(AuthorizationStatus)> done) {
  if (m_status != AuthorizationStatus::kNotDetermined) return done(m_status);
  m_auth_waiters.push_back(std::move(done));
  if (m_auth_waiters.size() == 1) StartAuthorizationCheck();
}

// GeoClue has no "may I?" call: the agent decides when a client starts. So
// asking is starting a client, which the agent allows or refuses (perhaps
// after a prompt), and deleting it at once.
void GeoClueCore::StartAuthorizationCheck() {
  m_bus.Connect([this](GDBusConnection* connection, const Error* error) {
    if (m_auth_waiters.empty() || m_auth_session) return;
    if (error != nullptr) return FinishAuthorization();
    SessionListener listener;
    listener.on_authorized = [this] { FinishAuthorization(); };
    listener.on_error = [this](const Error& error) {
      Learn(error);
      FinishAuthorization();
    };
    m_auth_session = NewSession(connection, kLevelExact, 0, std::move(listener));
  });
}

void GeoClueCore::FinishAuthorization() {
  // Deleted later: this may run inside the session's own callback.
  if (m_auth_session) {
    GSource* idle = g_idle_source_new();
    g_source_set_callback(
        idle,
        [](gpointer data) -> gboolean {
          delete static_cast<ClientSession*>(data);
          return G_SOURCE_REMOVE;
        },
        m_auth_session.release(), nullptr);
    g_source_attach(idle, g_main_context_get_thread_default());
    g_source_unref(idle);
  }
  auto waiters = std::move(m_auth_waiters);
  m_auth_waiters.clear();
  for (auto& done : waiters) done(m_status);
}

void GeoClueCore::Learn(const Error& error) {
  if (error.code == "PERMISSION_DENIED") m_status = AuthorizationStatus::kDenied;
}

void GeoClueCore::ServicesEnabled(std::function<void(bool)> done) {
  m_bus.ServicesEnabled(std::move(done));
}

void GeoClueCore::FailEverything(const Error& error) {
  auto pools = std::move(m_pools);
  auto watches = std::move(m_watches);
  m_pools.clear();
  m_watches.clear();
  // Sessions die silently here; their callers hear `error` below.
  std::vector<RequestCallbacks> requests;
  for (auto& [level, pool] : pools) {
    pool.session.reset();
    for (auto& [id, request] : pool.requests) requests.push_back(std::move(request.callbacks));
  }
  std::vector<WatchCallbacks> ended;
  for (auto& [id, watch] : watches) {
    watch.session.reset();
    ended.push_back(std::move(watch.callbacks));
  }
  m_auth_session.reset();
  for (auto& callbacks : requests) callbacks.on_error(error);
  for (auto& callbacks : ended) callbacks.on_error(error);
  if (!m_auth_waiters.empty()) FinishAuthorization();
}

void GeoClueCore::AbortAll() {
  FailEverything(MakeError("ABORTED", "The location provider was closed."));
}

}  // namespace whereami::linux_gc
