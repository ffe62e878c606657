// The provider's GLib thread. Tasks are attached to its GMainContext as
// one-shot idle sources (g_main_context_invoke_full), which wakes the loop:
// the thread sleeps in poll() until there is work or D-Bus traffic.
#include "gc_thread.h"

#include <utility>

namespace whereami::linux_gc {

namespace {

// A cancelled connection attempt answers within milliseconds; this bounds a
// stuck one, so that Stop (and Node's exit) never hangs on it.
constexpr gint64 kOwedCallbackWaitMs = 2000;
constexpr unsigned kOwedCallbackPollMs = 50;

thread_local int t_owed_callbacks = 0;

gboolean RunTask(gpointer data) {
  (*static_cast<Task*>(data))();
  return G_SOURCE_REMOVE;
}

void DeleteTask(gpointer data) {
  delete static_cast<Task*>(data);
}

gboolean KeepTicking(gpointer /*data*/) {
  return G_SOURCE_CONTINUE;
}

void WaitForOwedCallbacks(GMainContext* context) {
  if (t_owed_callbacks <= 0) return;
  // Wakes the blocking iteration now and then to look at the clock.
  GSource* tick = g_timeout_source_new(kOwedCallbackPollMs);
  g_source_set_callback(tick, KeepTicking, nullptr, nullptr);
  g_source_attach(tick, context);
  gint64 deadline = g_get_monotonic_time() + kOwedCallbackWaitMs * 1000;
  while (t_owed_callbacks > 0 && g_get_monotonic_time() < deadline) g_main_context_iteration(context, TRUE);
  g_source_destroy(tick);
  g_source_unref(tick);
}

}  // namespace

MainLoopThread::MainLoopThread() = default;

MainLoopThread::~MainLoopThread() {
  Stop(nullptr);
  if (m_loop != nullptr) g_main_loop_unref(m_loop);
  if (m_context != nullptr) g_main_context_unref(m_context);
}

void MainLoopThread::Start() {
  m_context = g_main_context_new();
  m_loop = g_main_loop_new(m_context, FALSE);
  std::lock_guard<std::mutex> lock(m_mutex);
  m_thread = std::thread([this] { Main(); });
  m_started = true;
}

bool MainLoopThread::IsCurrent() const {
  return std::this_thread::get_id() == m_thread.get_id();
}

bool MainLoopThread::Post(Task task) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_stopping || !m_started) return false;
  g_main_context_invoke_full(m_context, G_PRIORITY_DEFAULT, RunTask, new Task(std::move(task)), DeleteTask);
  return true;
}

void MainLoopThread::Stop(Task last) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopping) return;
    m_stopping = true;
    if (!m_started) return;
    g_main_context_invoke_full(m_context, G_PRIORITY_DEFAULT, RunTask, new Task([this, last = std::move(last)] {
                                 if (last) last();
                                 g_main_loop_quit(m_loop);
                               }),
                               DeleteTask);
  }
  if (m_thread.joinable()) m_thread.join();
}

void MainLoopThread::Main() {
  g_main_context_push_thread_default(m_context);
  g_main_loop_run(m_loop);
  WaitForOwedCallbacks(m_context);
  // Let cancelled D-Bus calls and unsubscribed signals deliver their final
  // callbacks, which only free memory, before the context goes away.
  while (g_main_context_iteration(m_context, FALSE)) {
  }
  g_main_context_pop_thread_default(m_context);
}

void OweCallback() {
  t_owed_callbacks++;
}

void CallbackArrived() {
  t_owed_callbacks--;
}

GSource* StartTimer(GMainContext* context, unsigned ms, std::function<void()> fn) {
  GSource* source = g_timeout_source_new(ms);
  g_source_set_callback(
      source,
      [](gpointer data) -> gboolean {
        (*static_cast<Task*>(data))();
        return G_SOURCE_REMOVE;
      },
      new Task(std::move(fn)), DeleteTask);
  g_source_attach(source, context);
  return source;
}

void CancelTimer(GSource** timer) {
  if (*timer == nullptr) return;
  g_source_destroy(*timer);
  g_source_unref(*timer);
  *timer = nullptr;
}

}  // namespace whereami::linux_gc
