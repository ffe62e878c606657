// Geocoding with CLGeocoder for one provider: requests run one at a time
// (Apple allows one geocoding request in flight per app and rate-limits the
// rest), recent answers are cached, and Apple's limit is reported as
// GEOCODER_RATE_LIMITED. Lives and runs on the provider's run-loop thread.
// CLGeocoder answers on the process's main thread, so where that thread never
// runs its main run loop (plain node) requests end with NOT_SUPPORTED.
#ifndef WHEREAMI_DARWIN_CL_GEOCODER_H_
#define WHEREAMI_DARWIN_CL_GEOCODER_H_

#import <CoreLocation/CoreLocation.h>

#include <deque>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../provider.h"
#include "cl_thread.h"

namespace whereami::darwin {

class GeocoderQueue : public std::enable_shared_from_this<GeocoderQueue> {
 public:
  explicit GeocoderQueue(std::shared_ptr<RunLoopThread> thread);
  ~GeocoderQueue();
  GeocoderQueue(const GeocoderQueue&) = delete;
  GeocoderQueue& operator=(const GeocoderQueue&) = delete;

  void Reverse(RequestId id, double latitude, double longitude, GeocodeCallback done);
  void Forward(RequestId id, const std::string& address, GeocodeCallback done);
  bool Cancel(RequestId id);
  void AbortAll();

  // The completion handler's answer, back on the run-loop thread.
  void OnAnswer(RequestId id, std::vector<Place> places, long error_code, const std::string& error_domain,
                const std::string& error_text);

 private:
  struct Job {
    RequestId id = 0;
    bool reverse = false;
    double latitude = 0;
    double longitude = 0;
    std::string address;
    std::string key;
    GeocodeCallback done;
  };
  struct CacheEntry {
    std::string key;
    std::vector<Place> places;
    double stored_ms = 0;
  };

  void Enqueue(Job job);
  void Pump();
  void Start(Job job);
  const CacheEntry* Lookup(const std::string& key);
  void Store(const std::string& key, const std::vector<Place>& places);
  bool RecentlyBusy(double now_ms);
  // Whether `job` may start now. Otherwise it goes back to the queue's head
  // and is either retried shortly (the main run loop may still turn) or,
  // after the grace, settled with every other waiting job as NOT_SUPPORTED.
  bool MainLoopReady(Job* job);

  std::shared_ptr<RunLoopThread> m_thread;
  CLGeocoder* m_geocoder = nil;
  std::deque<Job> m_queue;
  std::optional<Job> m_current;
  std::list<CacheEntry> m_cache;  // most recent first
  std::deque<double> m_started_ms;
  double m_created_ms = 0;
  bool m_repump_scheduled = false;
};

}  // namespace whereami::darwin

#endif  // WHEREAMI_DARWIN_CL_GEOCODER_H_
