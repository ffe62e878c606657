// One thread running a GMainLoop on its own GMainContext, owned by one
// provider. GDBus delivers replies and signals to the thread-default main
// context of the thread that made the call, and Node's main thread runs
// libuv, not GLib; so every GDBus object of a provider is created and used on
// this thread, and work reaches it as tasks.
#ifndef WHEREAMI_LINUX_GC_THREAD_H_
#define WHEREAMI_LINUX_GC_THREAD_H_

#include <glib.h>

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

  // Starts the thread and returns at once: work posted before its loop runs
  // waits in the context, in order. (Waiting for the thread to run cost the
  // caller up to 3 ms on a busy machine, time it can spend on its own work.)
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
  bool m_started = false;
  bool m_stopping = false;
  GMainContext* m_context = nullptr;
  GMainLoop* m_loop = nullptr;
  std::thread m_thread;
};

// GLib finishes some work on threads of its own and then calls back on the
// loop thread (a bus connection is made on a GLib worker thread). A callback
// still owed when the loop stops would wait in the context for ever, holding
// what it carries (a connected socket). So code on the loop thread that
// starts such work calls OweCallback, its callback calls CallbackArrived
// first thing, and after Stop the thread waits for the owed ones (at most
// kOwedCallbackWaitMs) before it ends. Loop thread only.
void OweCallback();
void CallbackArrived();

// Runs `fn` once, `ms` from now, on `context`'s thread. The caller owns the
// returned source and gives it to CancelTimer, before or after it fired.
GSource* StartTimer(GMainContext* context, unsigned ms, std::function<void()> fn);
// Destroys and unrefs a timer from StartTimer; sets *timer to null.
void CancelTimer(GSource** timer);

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_THREAD_H_
