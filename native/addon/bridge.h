// Carries a provider's answers from its thread to the JS thread of one
// environment, and settles each request's JS callback exactly once.
//
// Waiting requests may wait without limit (a permission prompt), so the
// bridge uses one thread-safe function per provider rather than an
// AsyncWorker, which would pin a libuv pool thread for the whole wait. The
// thread-safe function is referenced only while something is pending: a
// settled request never keeps the process alive.
#ifndef WHEREAMI_ADDON_BRIDGE_H_
#define WHEREAMI_ADDON_BRIDGE_H_

#include <napi.h>

#include <functional>
#include <memory>
#include <unordered_map>

#include "../provider.h"

namespace whereami::addon {

class Bridge : public std::enable_shared_from_this<Bridge> {
 public:
  using JsTask = std::function<void(Napi::Env)>;

  // Null (with a JS exception pending) when the thread-safe function cannot be made.
  static std::shared_ptr<Bridge> Create(Napi::Env env);
  ~Bridge();

  Provider* provider() { return m_provider.get(); }
  bool closed() const { return m_closed; }

  // Any thread: runs `task` on the JS thread, or drops it quietly when the
  // environment is going away (napi_closing).
  void Send(JsTask task);

  // JS thread only.
  RequestId Begin(Napi::Function first, Napi::Function second, bool keeps_alive = true,
                  Napi::Function third = Napi::Function());
  bool IsPending(RequestId id) const { return m_pending.count(id) > 0; }
  // Calls one of the request's callbacks (1, 2 or 3) without settling it
  // (watch fixes, prompts).
  void Notify(Napi::Env env, RequestId id, int which, const std::vector<napi_value>& args);
  // Settles the request, calling one of its callbacks (or none) once.
  void Settle(Napi::Env env, RequestId id, int which, const std::vector<napi_value>& args);
  // Stops the provider (joining its thread) and lets the thread-safe function go.
  void Close(bool env_teardown);

 private:
  struct Pending {
    Napi::FunctionReference first;
    Napi::FunctionReference second;
    Napi::FunctionReference third;  // a watch's onPrompt
    bool keeps_alive = true;
  };

  explicit Bridge(napi_env env);
  void Retain();
  void ReleaseOne();
  static void CallJs(napi_env env, napi_value, void* context, void* data);
  static void Finalize(napi_env env, void* data, void* hint);
  static void OnEnvCleanup(void* arg);

  napi_env m_env;
  napi_threadsafe_function m_tsfn = nullptr;
  std::unique_ptr<Provider> m_provider;
  std::unordered_map<RequestId, Pending> m_pending;
  RequestId m_next_id = 1;
  size_t m_alive = 0;
  bool m_closed = false;
  bool m_hook_added = false;
};

}  // namespace whereami::addon

#endif  // WHEREAMI_ADDON_BRIDGE_H_
