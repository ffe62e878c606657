// The floor of the bridge-overhead bench: the least a request through a
// native provider thread can cost. roundTrip(callback) hands an empty job to
// a thread of its own, which answers through one napi thread-safe function,
// and the callback runs on the JS thread. The same parts as the addon's
// bridge (native/addon/bridge.cc), with nothing else: no provider, no
// conversion, no bookkeeping. The thread waits on a condition variable, which
// wakes faster than a run loop, so the floor is if anything low.
#include <napi.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace {

struct Job {
  Napi::FunctionReference callback;
};

class Floor {
 public:
  explicit Floor(Napi::Env env) {
    m_tsfn = Napi::ThreadSafeFunction::New(env, Napi::Function(), "tsfn-floor", 0, 1, [](Napi::Env) {});
    m_tsfn.Unref(env);
    m_thread = std::thread([this] { Run(); });
  }

  ~Floor() {
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    m_tsfn.Release();
  }

  void Post(Napi::Env env, Job* job) {
    if (m_busy++ == 0) m_tsfn.Ref(env);
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_jobs.push_back(job);
    }
    m_wake.notify_one();
  }

  void Done(Napi::Env env) {
    if (--m_busy == 0) m_tsfn.Unref(env);
  }

 private:
  void Run() {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_jobs.empty()) return;
        job = m_jobs.front();
        m_jobs.pop_front();
      }
      Floor* self = this;
      m_tsfn.NonBlockingCall([job, self](Napi::Env env, Napi::Function) {
        Napi::HandleScope scope(env);
        Napi::FunctionReference callback = std::move(job->callback);
        delete job;
        self->Done(env);
        callback.Call({});
      });
    }
  }

  Napi::ThreadSafeFunction m_tsfn;
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<Job*> m_jobs;
  bool m_stop = false;
  int m_busy = 0;
};

Napi::Value RoundTrip(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw Napi::TypeError::New(env, "roundTrip(callback)");
  auto* job = new Job{Napi::Persistent(info[0].As<Napi::Function>())};
  env.GetInstanceData<Floor>()->Post(env, job);
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<Floor>(new Floor(env));
  exports.Set("roundTrip", Napi::Function::New(env, RoundTrip, "roundTrip"));
  return exports;
}

}  // namespace

NODE_API_MODULE(tsfn_floor, Init)
