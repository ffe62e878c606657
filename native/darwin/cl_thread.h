// One thread running an NSRunLoop, owned by one provider. CoreLocation calls
// a CLLocationManager's delegate on the run loop of the thread that created
// the manager, and Node's main thread runs libuv, not a run loop; so every
// CoreLocation object of a provider is created and used on this thread.
// Cocoa switches to multithreaded mode only once an NSThread has been spawned
// (Apple, Threading Programming Guide), not for a bare pthread: Start spawns
// one first, which exits at once, as Apple suggests.
#include <atomic>
#ifndef WHEREAMI_DARWIN_CL_THREAD_H_
#define WHEREAMI_DARWIN_CL_THREAD_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace whereami::darwin {

using Task = std::function<void()>;

class RunLoopThread : public std::enable_shared_from_this<RunLoopThread> {
 public:
  RunLoopThread();
  ~RunLoopThread();
  RunLoopThread(const RunLoopThread&) = delete;
  RunLoopThread& operator=(const RunLoopThread&) = delete;

  // Starts the thread; returns once its run loop can take work.
  void Start();
  // Queues `task` for the run-loop thread without waiting; false (and the
  // task dropped) once Stop has begun. Callable from any thread.
  bool Post(Task task);
  // Runs `last` on the thread, ends its run loop and joins it. Idempotent;
  // must not be called from the run-loop thread itself.
  void Stop(Task last);
  bool IsCurrent() const;
  // On the run-loop thread only: runs `task` there after `seconds`, from its
  // run loop (a timer, not a sleep). A task still waiting when the thread
  // stops is dropped.
  void RunAfter(double seconds, Task task);

  // Called on the run-loop thread by the Objective-C pump.
  void Drain();

 private:
  void Main();

  std::mutex m_mutex;
  std::condition_variable m_started_cv;
  std::deque<Task> m_tasks;
  bool m_started = false;
  bool m_stopping = false;
  bool m_quit = false;
  std::thread m_thread;
  // Read by IsCurrent from any thread while another may be joining m_thread.
  std::atomic<std::thread::id> m_thread_id{};
  void* m_pump = nullptr;  // WHRRunLoopPump*, retained manually (ARC: bridged)
};

}  // namespace whereami::darwin

#endif  // WHEREAMI_DARWIN_CL_THREAD_H_
