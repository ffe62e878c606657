// The floor of the bridge-overhead bench on the provider's own kind of
// thread: roundTrip(callback) posts an empty task to a RunLoopThread (the
// NSRunLoop thread class of native/darwin/cl_thread.mm, woken with
// performSelector:onThread:), and the task answers through one napi
// thread-safe function. The same hops as a request through the addon, with
// no CoreLocation, no double and no conversion. Built by
// bench/native-double.mjs against GNUstep, beside the double build.
#include <napi.h>

#include <memory>

#include "../../native/darwin/cl_thread.h"

namespace {

class Floor {
 public:
  explicit Floor(Napi::Env env) : m_thread(std::make_shared<whereami::darwin::RunLoopThread>()) {
    m_tsfn = Napi::ThreadSafeFunction::New(env, Napi::Function(), "runloop-floor", 0, 1, [](Napi::Env) {});
    m_tsfn.Unref(env);
    m_thread->Start();
  }

  ~Floor() {
    m_thread->Stop(nullptr);
    m_tsfn.Release();
  }

  void Post(Napi::Env env, Napi::FunctionReference* callback) {
    if (m_busy++ == 0) m_tsfn.Ref(env);
    Floor* self = this;
    Napi::ThreadSafeFunction tsfn = m_tsfn;
    m_thread->Post([tsfn, callback, self]() mutable {
      tsfn.NonBlockingCall([callback, self](Napi::Env env, Napi::Function) {
        Napi::HandleScope scope(env);
        std::unique_ptr<Napi::FunctionReference> owned(callback);
        if (--self->m_busy == 0) self->m_tsfn.Unref(env);
        owned->Call({});
      });
    });
  }

 private:
  std::shared_ptr<whereami::darwin::RunLoopThread> m_thread;
  Napi::ThreadSafeFunction m_tsfn;
  int m_busy = 0;
};

Napi::Value RoundTrip(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw Napi::TypeError::New(env, "roundTrip(callback)");
  auto* callback = new Napi::FunctionReference(Napi::Persistent(info[0].As<Napi::Function>()));
  env.GetInstanceData<Floor>()->Post(env, callback);
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<Floor>(new Floor(env));
  exports.Set("roundTrip", Napi::Function::New(env, RoundTrip, "roundTrip"));
  return exports;
}

}  // namespace

NODE_API_MODULE(runloop_floor, Init)
