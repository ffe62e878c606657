// One thread running a GMainLoop on its own GMainContext, owned by one
// provider. GDBus delivers replies and signals to the thread-default main
// context of the thread that made the call, and Node's main thread runs
// libuv, not GLib; so every GDBus object of a provider is created and used on
// this thread, and work reaches it as tasks.
#ifndef WHEREAMI_LINUX_GC_THREAD_H_
#define WHEREAMI_LINUX_GC_THREAD_H_

#include <glib.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace whereami::linux_gc {

using Task = std::function<void()>;

class MainLoopThread {
 public:
  MainLoopThread();
  ~MainLoopThread();
  MainLoopThread(const MainLoopThread&) = delete;
  MainLoopThread& operator=(const MainLoopThread&) = delete;

  // Starts the thread; returns once its loop can take work.
  void Start();
  // Queues `task` for the loop thread without waiting; false (and the task
  // dropped) once Stop has begun. Callable from any thread.
  bool Post(Task task);
  // Runs `last` on the thread, ends its loop and joins it. Idempotent; must
  // not be called from the loop thread itself.
  void Stop(Task last);
  bool IsCurrent() const;
  GMainContext* Context() const { return m_context; }

 private:
  void Main();

  std::mutex m_mutex;
  std::condition_variable m_started_cv;
  bool m_started = false;
  bool m_stopping = false;
  GMainContext* m_context = nullptr;
  GMainLoop* m_loop = nullptr;
  std::thread m_thread;
};

// Runs `fn` once, `ms` from now, on `context`'s thread. The caller owns the
// returned source and gives it to CancelTimer, before or after it fired.
GSource* StartTimer(GMainContext* context, unsigned ms, std::function<void()> fn);
// Destroys and unrefs a timer from StartTimer; sets *timer to null.
void CancelTimer(GSource** timer);

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_THREAD_H_
