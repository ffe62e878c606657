// CLGeocoder behind a queue and a cache. CLGeocoder takes its completion
// handler as a block: on macOS that is the only API there is; in the Linux
// test build the block goes to the CoreLocation double, which implements
// CLGeocoder itself, so no block ever reaches GNUstep Foundation. Apple runs
// the block on the main thread ("Your completion handler block will be
// executed on the main thread"), so it copies the answer into C++ values and
// posts it back to the run-loop thread.
//
// That main thread must run the main run loop for any answer to arrive: it
// does in the helper and in an Electron main process, never in plain node
// (libuv). A probe tells which: a perform queued for the main thread runs
// only where the main run loop runs. Until it has run, a job waits up to
// kMainLoopGraceMs (the main thread may simply be busy), then ends with
// NOT_SUPPORTED rather than waiting forever.
#import "cl_geocoder.h"

#import "cl_mapping.h"
#import "objc_compat.h"

#include <atomic>
#include <cctype>
#include <cstdio>

namespace {
std::atomic<bool> g_main_loop_seen{false};
std::atomic<bool> g_main_loop_probe_posted{false};
}  // namespace

@interface WHRMainLoopProbe : NSObject
- (void)mark;
@end

@implementation WHRMainLoopProbe
- (void)mark {
  g_main_loop_seen = true;
}
@end

namespace whereami::darwin {

namespace {
constexpr size_t kCacheSize = 32;
constexpr double kCacheLifetimeMs = 10 * 60 * 1000;
// Apple documents roughly one request per minute as the sustainable rate.
constexpr double kRateWindowMs = 60 * 1000;
// How long a first geocode waits to see the main run loop turn.
constexpr double kMainLoopGraceMs = 1500;
constexpr double kMainLoopPollSeconds = 0.05;

// Once per process: the probe's perform runs only where the main run loop runs.
void PostMainLoopProbe() {
  if (g_main_loop_probe_posted.exchange(true)) return;
  WHRMainLoopProbe* probe = [[WHRMainLoopProbe alloc] init];
  [probe performSelectorOnMainThread:@selector(mark) withObject:nil waitUntilDone:NO];
  WHR_RELEASE(probe);
}

Error NoMainLoopError() {
  return MakeError("NOT_SUPPORTED",
                   "CLGeocoder answers on the process's main thread, and this process's main thread does not run "
                   "the main run loop (a plain Node process runs libuv there), so no answer could ever arrive.");
}
}  // namespace

GeocoderQueue::GeocoderQueue(std::shared_ptr<RunLoopThread> thread) : m_thread(std::move(thread)) {
  m_geocoder = [[CLGeocoder alloc] init];
  m_created_ms = NowMs();
  PostMainLoopProbe();
}

GeocoderQueue::~GeocoderQueue() {
  WHR_RELEASE(m_geocoder);
  m_geocoder = nil;
}

void GeocoderQueue::Reverse(RequestId id, double latitude, double longitude, GeocodeCallback done) {
  char key[64];
  std::snprintf(key, sizeof(key), "r:%.5f,%.5f", latitude, longitude);
  Job job;
  job.id = id;
  job.reverse = true;
  job.latitude = latitude;
  job.longitude = longitude;
  job.key = key;
  job.done = std::move(done);
  Enqueue(std::move(job));
}

void GeocoderQueue::Forward(RequestId id, const std::string& address, GeocodeCallback done) {
  Job job;
  job.id = id;
  job.address = address;
  job.key = "f:";
  for (char c : address) job.key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  job.done = std::move(done);
  Enqueue(std::move(job));
}

void GeocoderQueue::Enqueue(Job job) {
  if (const CacheEntry* hit = Lookup(job.key)) {
    job.done(hit->places, nullptr);
    return;
  }
  m_queue.push_back(std::move(job));
  Pump();
}

const GeocoderQueue::CacheEntry* GeocoderQueue::Lookup(const std::string& key) {
  double now = NowMs();
  for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
    if (it->key != key) continue;
    if (now - it->stored_ms > kCacheLifetimeMs) {
      m_cache.erase(it);
      return nullptr;
    }
    m_cache.splice(m_cache.begin(), m_cache, it);
    return &m_cache.front();
  }
  return nullptr;
}

void GeocoderQueue::Store(const std::string& key, const std::vector<Place>& places) {
  m_cache.remove_if([&](const CacheEntry& entry) { return entry.key == key; });
  m_cache.push_front(CacheEntry{key, places, NowMs()});
  if (m_cache.size() > kCacheSize) m_cache.pop_back();
}

bool GeocoderQueue::RecentlyBusy(double now_ms) {
  while (!m_started_ms.empty() && now_ms - m_started_ms.front() > kRateWindowMs) m_started_ms.pop_front();
  return m_started_ms.size() > 1;
}

void GeocoderQueue::Pump() {
  while (!m_current && !m_queue.empty()) {
    Job job = std::move(m_queue.front());
    m_queue.pop_front();
    // An earlier job may have answered the same question meanwhile.
    if (const CacheEntry* hit = Lookup(job.key)) {
      job.done(hit->places, nullptr);
      continue;
    }
    if (!MainLoopReady(&job)) return;
    Start(std::move(job));
  }
}

bool GeocoderQueue::MainLoopReady(Job* job) {
  if (g_main_loop_seen) return true;
  m_queue.push_front(std::move(*job));
  if (NowMs() - m_created_ms >= kMainLoopGraceMs) {
    // No answer could ever arrive: settle every waiting job now.
    Error error = NoMainLoopError();
    std::deque<Job> jobs = std::move(m_queue);
    m_queue.clear();
    for (auto& waiting : jobs) waiting.done({}, &error);
    return false;
  }
  if (!m_repump_scheduled) {
    m_repump_scheduled = true;
    std::weak_ptr<GeocoderQueue> weak = weak_from_this();
    m_thread->RunAfter(kMainLoopPollSeconds, [weak] {
      if (auto self = weak.lock()) {
        self->m_repump_scheduled = false;
        self->Pump();
      }
    });
  }
  return false;
}

void GeocoderQueue::Start(Job job) {
  m_started_ms.push_back(NowMs());
  std::weak_ptr<GeocoderQueue> weak = weak_from_this();
  std::shared_ptr<RunLoopThread> thread = m_thread;
  RequestId request_id = job.id;
  CLGeocodeCompletionHandler handler = ^(NSArray* placemarks, NSError* error) {
    std::vector<Place> places;
    for (CLPlacemark* placemark in placemarks) places.push_back(MapPlacemark(placemark));
    long code = error != nil ? static_cast<long>([error code]) : -1;
    std::string domain = error != nil ? [[error domain] UTF8String] : "";
    std::string text = error != nil ? [[error localizedDescription] UTF8String] : "";
    auto deliver = [weak, request_id, places = std::move(places), code, domain, text]() mutable {
      if (auto self = weak.lock()) self->OnAnswer(request_id, std::move(places), code, domain, text);
    };
    if (thread->IsCurrent()) {
      deliver();
    } else {
      thread->Post(std::move(deliver));
    }
  };
  bool reverse = job.reverse;
  double latitude = job.latitude;
  double longitude = job.longitude;
  NSString* address = [NSString stringWithUTF8String:job.address.c_str()];
  m_current = std::move(job);
  if (reverse) {
    CLLocation* location = WHR_AUTORELEASE([[CLLocation alloc] initWithLatitude:latitude longitude:longitude]);
    [m_geocoder reverseGeocodeLocation:location completionHandler:handler];
  } else {
    [m_geocoder geocodeAddressString:address completionHandler:handler];
  }
}

void GeocoderQueue::OnAnswer(RequestId request_id, std::vector<Place> places, long error_code,
                             const std::string& error_domain, const std::string& error_text) {
  if (!m_current || m_current->id != request_id) return;  // cancelled meanwhile
  Job job = std::move(*m_current);
  m_current.reset();
  if (error_code < 0) {
    Store(job.key, places);
    job.done(places, nullptr);
  } else {
    NSError* error = [NSError errorWithDomain:[NSString stringWithUTF8String:error_domain.c_str()]
                                         code:error_code
                                     userInfo:nil];
    Error mapped = MapGeocodeError(error, RecentlyBusy(NowMs()));
    if (mapped.message.empty()) mapped.message = error_text;
    job.done({}, &mapped);
  }
  Pump();
}

bool GeocoderQueue::Cancel(RequestId id) {
  Error aborted = MakeError("ABORTED", "The geocoding request was cancelled.");
  if (m_current && m_current->id == id) {
    Job job = std::move(*m_current);
    m_current.reset();
    [m_geocoder cancelGeocode];
    job.done({}, &aborted);
    Pump();
    return true;
  }
  for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
    if (it->id != id) continue;
    Job job = std::move(*it);
    m_queue.erase(it);
    job.done({}, &aborted);
    return true;
  }
  return false;
}

void GeocoderQueue::AbortAll() {
  Error aborted = MakeError("ABORTED", "The location provider was closed.");
  std::deque<Job> jobs = std::move(m_queue);
  m_queue.clear();
  if (m_current) {
    jobs.push_front(std::move(*m_current));
    m_current.reset();
    [m_geocoder cancelGeocode];
  }
  for (auto& job : jobs) job.done({}, &aborted);
}

}  // namespace whereami::darwin
