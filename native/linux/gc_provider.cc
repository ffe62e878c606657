// The GeoClue2 provider behind provider.h: every call becomes a task on the
// provider's GLib thread, where GeoClueCore does the work; callbacks run on
// that thread, as provider.h says.
//
// Authorization, as GeoClue lets a client know it: GeoClue has no query, the
// agent decides when a client starts. So the status is "notDetermined" until
// a client of this provider was allowed ("authorized") or refused ("denied");
// RequestAuthorization starts a client to find out. Accuracy authorization is
// always "full": GeoClue does not tell a client whether its agent lowered
// the level. GeoClue has no geocoder: geocoding says NOT_SUPPORTED.
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "../provider.h"
#include "gc_core.h"
#include "gc_thread.h"

namespace whereami {

namespace {

using linux_gc::GeoClueCore;
using linux_gc::MainLoopThread;

constexpr const char* kDefaultDesktopId = "whereami";
constexpr unsigned kDefaultAgentWaitMs = 5000;

std::string DesktopId() {
  const char* id = std::getenv("WHEREAMI_DESKTOP_ID");
  return id != nullptr && *id != '\0' ? id : kDefaultDesktopId;
}

unsigned AgentWaitMs() {
  const char* text = std::getenv("WHEREAMI_GEOCLUE_AGENT_WAIT_MS");
  if (text == nullptr || *text == '\0') return kDefaultAgentWaitMs;
  char* end = nullptr;
  unsigned long value = std::strtoul(text, &end, 10);
  return *end == '\0' && value > 0 && value < 600000 ? static_cast<unsigned>(value) : kDefaultAgentWaitMs;
}

Error Closed() {
  return Error{"ABORTED", "The location provider was closed.", "", 0};
}

class GeoClueProvider final : public Provider {
 public:
  GeoClueProvider() {
    m_thread.Start();
    linux_gc::CoreSettings settings{DesktopId(), AgentWaitMs()};
    m_thread.Post([this, settings] { m_core = std::make_unique<GeoClueCore>(settings); });
  }
  ~GeoClueProvider() override { Shutdown(); }

  void RequestLocation(RequestId id, const RequestOptions& options, RequestCallbacks callbacks) override {
    auto on_error = callbacks.on_error;
    // Taken here, not on the GLib thread: a fix made while the task waits in the queue is already too old.
    double asked_at_ms = linux_gc::NowMs();
    if (!m_thread.Post([this, id, options, asked_at_ms, callbacks = std::move(callbacks)]() mutable {
          m_core->Request(id, options, asked_at_ms, std::move(callbacks));
        })) {
      on_error(Closed());
    }
  }

  void Cancel(RequestId id) override {
    m_thread.Post([this, id] { m_core->Cancel(id); });
  }

  void StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks) override {
    auto on_error = callbacks.on_error;
    if (!m_thread.Post([this, id, options, callbacks = std::move(callbacks)]() mutable {
          m_core->StartWatch(id, options, std::move(callbacks));
        })) {
      on_error(Closed());
    }
  }

  void StopWatch(RequestId id) override {
    m_thread.Post([this, id] { m_core->StopWatch(id); });
  }

  void GetAuthorizationStatus(std::function<void(AuthorizationStatus)> done) override {
    if (!m_thread.Post([this, done] { done(m_core->Status()); })) done(AuthorizationStatus::kNotDetermined);
  }

  // No limit here: the GeoClue agent answers a starting client itself, and the
  // bus call that starts it has its own timeout.
  void RequestAuthorization(double /*limit_ms*/, std::function<void(AuthorizationStatus)> done) override {
    if (!m_thread.Post([this, done] { m_core->RequestAuthorization(done); })) {
      done(AuthorizationStatus::kNotDetermined);
    }
  }

  void GetServicesEnabled(std::function<void(bool)> done) override {
    if (!m_thread.Post([this, done] { m_core->ServicesEnabled(done); })) done(false);
  }

  void GetAccuracyAuthorization(std::function<void(AccuracyAuthorization)> done) override {
    if (!m_thread.Post([done] { done(AccuracyAuthorization::kFull); })) done(AccuracyAuthorization::kFull);
  }

  void ReverseGeocode(RequestId /*id*/, double /*latitude*/, double /*longitude*/, GeocodeCallback done) override {
    NoGeocoder(std::move(done));
  }

  void ForwardGeocode(RequestId /*id*/, const std::string& /*address*/, GeocodeCallback done) override {
    NoGeocoder(std::move(done));
  }

  void Shutdown() override {
    std::call_once(m_shutdown, [this] { m_thread.Stop([this] { m_core.reset(); }); });
  }

 private:
  void NoGeocoder(GeocodeCallback done) {
    Error error{"NOT_SUPPORTED", "GeoClue2 has no geocoder, so the GeoClue provider cannot geocode.", "", 0};
    // Through the thread all the same: callbacks never run on the caller's stack.
    if (!m_thread.Post([done, error] { done({}, &error); })) done({}, &error);
  }

  MainLoopThread m_thread;
  std::unique_ptr<GeoClueCore> m_core;
  std::once_flag m_shutdown;
};

}  // namespace

std::unique_ptr<Provider> CreatePlatformProvider() {
  return std::make_unique<GeoClueProvider>();
}

const char* PlatformProviderName() {
  return "geoclue";
}

BundleInfo GetMainBundleInfo() {
  // The closest Linux has to a bundle identifier: the desktop id GeoClue sees.
  return BundleInfo{DesktopId(), false};
}

}  // namespace whereami
