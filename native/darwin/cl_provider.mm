// The CoreLocation provider: the Provider interface of native/provider.h on
// top of one run-loop thread that owns a LocationCore and a GeocoderQueue.
// Each public method queues its work on that thread and returns at once.
#import "cl_geocoder.h"
#import "cl_location_core.h"
#import "cl_mapping.h"
#import "cl_thread.h"
#import "objc_compat.h"

#include <atomic>

namespace whereami {
namespace darwin {
namespace {

Error ClosedError() {
  return MakeError("ABORTED", "The location provider was closed.");
}

class DarwinProvider final : public Provider {
 public:
  DarwinProvider() : m_thread(std::make_shared<RunLoopThread>()) {
    m_thread->Start();
    m_thread->Post([this] {
      m_core = std::make_unique<LocationCore>(m_thread);
      m_geocoder = std::make_shared<GeocoderQueue>(m_thread);
    });
  }

  ~DarwinProvider() override { Shutdown(); }

  void RequestLocation(RequestId id, const RequestOptions& options, RequestCallbacks callbacks) override {
    auto shared = std::make_shared<RequestCallbacks>(std::move(callbacks));
    if (!m_thread->Post([this, id, options, shared] { m_core->Request(id, options, std::move(*shared)); })) {
      shared->on_error(ClosedError());
    }
  }

  void Cancel(RequestId id) override {
    m_thread->Post([this, id] {
      if (!m_core->Cancel(id)) m_geocoder->Cancel(id);
    });
  }

  void StartWatch(RequestId id, const WatchOptions& options, WatchCallbacks callbacks) override {
    auto shared = std::make_shared<WatchCallbacks>(std::move(callbacks));
    if (!m_thread->Post([this, id, options, shared] { m_core->StartWatch(id, options, std::move(*shared)); })) {
      shared->on_error(ClosedError());
    }
  }

  void StopWatch(RequestId id) override {
    m_thread->Post([this, id] { m_core->StopWatch(id); });
  }

  void GetAuthorizationStatus(std::function<void(AuthorizationStatus)> done) override {
    if (!m_thread->Post([this, done] { done(m_core->Status()); })) done(AuthorizationStatus::kNotDetermined);
  }

  void RequestAuthorization(double limit_ms, std::function<void(AuthorizationStatus)> done) override {
    if (!m_thread->Post([this, limit_ms, done] { m_core->RequestAuthorization(limit_ms, done); })) {
      done(AuthorizationStatus::kNotDetermined);
    }
  }

  void GetServicesEnabled(std::function<void(bool)> done) override {
    if (!m_thread->Post([this, done] { done(m_core->ServicesEnabled()); })) done(false);
  }

  void GetAccuracyAuthorization(std::function<void(AccuracyAuthorization)> done) override {
    if (!m_thread->Post([this, done] { done(m_core->Accuracy()); })) done(AccuracyAuthorization::kFull);
  }

  void ReverseGeocode(RequestId id, double latitude, double longitude, GeocodeCallback done) override {
    if (!m_thread->Post(
            [this, id, latitude, longitude, done] { m_geocoder->Reverse(id, latitude, longitude, done); })) {
      Error error = ClosedError();
      done({}, &error);
    }
  }

  void ForwardGeocode(RequestId id, const std::string& address, GeocodeCallback done) override {
    if (!m_thread->Post([this, id, address, done] { m_geocoder->Forward(id, address, done); })) {
      Error error = ClosedError();
      done({}, &error);
    }
  }

  void Shutdown() override {
    if (m_shut.exchange(true)) return;
    // Everything pending settles with ABORTED on the thread, then the
    // CoreLocation objects are released there, where they were made.
    m_thread->Stop([this] {
      if (m_core) m_core->AbortAll();
      if (m_geocoder) m_geocoder->AbortAll();
      m_core.reset();
      m_geocoder.reset();
    });
    // A worker's JS thread that talked to Foundation lets GNUstep forget it
    // (no-op on macOS and on the process's main thread).
    ReleaseObjcThread();
  }

 private:
  std::shared_ptr<RunLoopThread> m_thread;
  std::unique_ptr<LocationCore> m_core;       // used only on m_thread
  std::shared_ptr<GeocoderQueue> m_geocoder;  // used only on m_thread
  std::atomic<bool> m_shut{false};
};

}  // namespace
}  // namespace darwin

std::unique_ptr<Provider> CreatePlatformProvider() {
  return std::make_unique<darwin::DarwinProvider>();
}

const char* PlatformProviderName() {
  return "corelocation";
}

BundleInfo GetMainBundleInfo() {
  darwin::EnsureObjcThread();
  BundleInfo info;
  @autoreleasepool {
    NSBundle* bundle = [NSBundle mainBundle];
    NSString* identifier = [bundle bundleIdentifier];
    if (identifier != nil) info.identifier = [identifier UTF8String];
    NSDictionary* plist = [bundle infoDictionary];
    info.has_location_usage_description = [plist objectForKey:@"NSLocationUsageDescription"] != nil ||
                                          [plist objectForKey:@"NSLocationWhenInUseUsageDescription"] != nil;
  }
  return info;
}

}  // namespace whereami
