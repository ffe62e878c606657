// The bridge between a provider's thread and the JS thread (see bridge.h).
#include "bridge.h"

namespace whereami::addon {

Bridge::Bridge(napi_env env) : m_env(env) {}

Bridge::~Bridge() {
  if (m_provider) m_provider->Shutdown();
}

std::shared_ptr<Bridge> Bridge::Create(Napi::Env env) {
  std::shared_ptr<Bridge> bridge(new Bridge(env));
  // The thread-safe function owns one reference; its finalizer drops it.
  auto* holder = new std::shared_ptr<Bridge>(bridge);
  napi_value name = Napi::String::New(env, "whereami-provider");
  napi_status status = napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, holder, Finalize,
                                                       bridge.get(), CallJs, &bridge->m_tsfn);
  if (status != napi_ok) {
    delete holder;
    Napi::Error::New(env, "whereami: could not create a thread-safe function").ThrowAsJavaScriptException();
    return nullptr;
  }
  napi_unref_threadsafe_function(env, bridge->m_tsfn);
  // Added after the thread-safe function's own hook, so it runs first (hooks
  // run in reverse order): the provider thread is joined while its
  // thread-safe function still exists.
  if (napi_add_env_cleanup_hook(env, OnEnvCleanup, bridge.get()) == napi_ok) bridge->m_hook_added = true;
  bridge->m_provider = CreatePlatformProvider();
  return bridge;
}

void Bridge::OnEnvCleanup(void* arg) {
  static_cast<Bridge*>(arg)->Close(true);
}

void Bridge::Finalize(napi_env, void* data, void*) {
  delete static_cast<std::shared_ptr<Bridge>*>(data);
}

namespace {

// False once the environment can no longer run JS: a worker being
// terminated. N-API calls that would run JS then fail, so a task must not
// start, and a failure inside one is the teardown, not a bug to report.
bool CanRunJs(napi_env env) {
  napi_value probe = nullptr;
  napi_value undefined = nullptr;
  return napi_create_object(env, &probe) == napi_ok && napi_get_undefined(env, &undefined) == napi_ok &&
         napi_set_named_property(env, probe, "p", undefined) == napi_ok;
}

}  // namespace

void Bridge::CallJs(napi_env env, napi_value, void*, void* data) {
  auto* task = static_cast<JsTask*>(data);
  // env is null when the environment is being torn down: drop quietly.
  if (env != nullptr && task != nullptr && CanRunJs(env)) {
    Napi::Env js(env);
    Napi::HandleScope scope(js);
    try {
      (*task)(js);
    } catch (const Napi::Error& error) {
      // A JS callback threw: report it as Node reports any callback's throw,
      // unless termination began meanwhile and nothing can be reported.
      napi_value value = error.Value();
      if (value != nullptr && CanRunJs(env)) napi_fatal_exception(env, value);
    }
  }
  delete task;
}

void Bridge::Send(JsTask task) {
  auto* copy = new JsTask(std::move(task));
  // napi_closing: the environment is going away; nobody is left to answer.
  if (napi_call_threadsafe_function(m_tsfn, copy, napi_tsfn_nonblocking) != napi_ok) delete copy;
}

void Bridge::Retain() {
  if (m_alive++ == 0 && !m_closed) napi_ref_threadsafe_function(m_env, m_tsfn);
}

void Bridge::ReleaseOne() {
  if (m_alive > 0 && --m_alive == 0 && !m_closed) napi_unref_threadsafe_function(m_env, m_tsfn);
}

RequestId Bridge::Begin(Napi::Function first, Napi::Function second, bool keeps_alive, Napi::Function third) {
  RequestId id = m_next_id++;
  Pending pending;
  pending.first = Napi::Persistent(first);
  if (!second.IsEmpty()) pending.second = Napi::Persistent(second);
  if (!third.IsEmpty()) pending.third = Napi::Persistent(third);
  pending.keeps_alive = keeps_alive;
  m_pending.emplace(id, std::move(pending));
  if (keeps_alive) Retain();
  return id;
}

void Bridge::Notify(Napi::Env, RequestId id, int which, const std::vector<napi_value>& args) {
  auto found = m_pending.find(id);
  if (found == m_pending.end()) return;
  Napi::FunctionReference& target =
      which == 3 ? found->second.third : (which == 2 ? found->second.second : found->second.first);
  if (!target.IsEmpty()) target.Call(args);
}

void Bridge::Settle(Napi::Env, RequestId id, int which, const std::vector<napi_value>& args) {
  auto found = m_pending.find(id);
  if (found == m_pending.end()) return;  // already settled (cancelled, stopped)
  Pending pending = std::move(found->second);
  m_pending.erase(found);
  if (pending.keeps_alive) ReleaseOne();
  Napi::FunctionReference& target = which == 2 ? pending.second : pending.first;
  if (which != 0 && !target.IsEmpty()) target.Call(args);
}

void Bridge::Close(bool env_teardown) {
  if (m_closed) return;
  if (m_hook_added && !env_teardown) napi_remove_env_cleanup_hook(m_env, OnEnvCleanup, this);
  m_hook_added = false;
  // Joins the provider's thread; what it still had pending arrives as
  // ABORTED through the thread-safe function, before it is released.
  if (m_provider) m_provider->Shutdown();
  if (env_teardown) {
    // No JS will run again: let the references go while the env still exists.
    m_pending.clear();
    m_alive = 0;
  }
  m_closed = true;
  napi_release_threadsafe_function(m_tsfn, napi_tsfn_release);
}

}  // namespace whereami::addon
