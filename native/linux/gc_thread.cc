// The provider's GLib thread. Tasks are attached to its GMainContext as
// one-shot idle sources (g_main_context_invoke_full), which wakes the loop:
// the thread sleeps in poll() until there is work or D-Bus traffic.
#include "gc_thread.h"

#include <utility>

namespace whereami::linux_gc {

namespace {

gboolean RunTask(gpointer data) {
  (*static_cast<Task*>(data))();
  return G_SOURCE_REMOVE;
}

void DeleteTask(gpointer data) {
  delete static_cast<Task*>(data);
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
  m_thread = std::thread([this] { Main(); });
  std::unique_lock<std::mutex> lock(m_mutex);
  m_started_cv.wait(lock, [this] { return m_started; });
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
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_started = true;
  }
  m_started_cv.notify_all();
  g_main_loop_run(m_loop);
  // Let cancelled D-Bus calls and unsubscribed signals deliver their final
  // callbacks, which only free memory, before the context goes away.
  while (g_main_context_iteration(m_context, FALSE)) {
  }
  g_main_context_pop_thread_default(m_context);
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
