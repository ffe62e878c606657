// CLGeocoder behind a queue and a cache. CLGeocoder takes its completion
// handler as a block: on macOS that is the only API there is; in the Linux
// test build the block goes to the CoreLocation double, which implements
// CLGeocoder itself, so no block ever reaches GNUstep Foundation. The block
// may run on any thread (Apple does not promise ours), so it copies the
// answer into C++ values and posts it back to the run-loop thread.
#import "cl_geocoder.h"

#import "cl_mapping.h"
#import "objc_compat.h"

#include <cctype>
#include <cstdio>

namespace whereami::darwin {

namespace {
constexpr size_t kCacheSize = 32;
constexpr double kCacheLifetimeMs = 10 * 60 * 1000;
// Apple documents roughly one request per minute as the sustainable rate.
constexpr double kRateWindowMs = 60 * 1000;
}  // namespace

GeocoderQueue::GeocoderQueue(std::shared_ptr<RunLoopThread> thread) : m_thread(std::move(thread)) {
  m_geocoder = [[CLGeocoder alloc] init];
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
    Start(std::move(job));
  }
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
