// The provider's run-loop thread. Work arrives as C++ tasks in a locked queue;
// the thread is woken with performSelector:onThread: (a run-loop source on
// both Apple's Foundation and GNUstep), so it sleeps in the run loop, without
// polling, until there is work or a CoreLocation callback.
#import "cl_thread.h"

#import "objc_compat.h"

#ifdef GNUSTEP
#include <sys/syscall.h>
#include <unistd.h>
#endif

@interface WHRRunLoopPump : NSObject {
  whereami::darwin::RunLoopThread* _owner;
  NSThread* _thread;
  NSPort* _port;
}
- (instancetype)initWithOwner:(whereami::darwin::RunLoopThread*)owner;
- (void)attachToCurrentThread;
- (void)detach;
- (void)wake;
- (void)drain;
@end

@implementation WHRRunLoopPump
- (instancetype)initWithOwner:(whereami::darwin::RunLoopThread*)owner {
  if ((self = [super init])) _owner = owner;
  return self;
}
- (void)attachToCurrentThread {
  _thread = WHR_RETAIN([NSThread currentThread]);
  // A run loop with no source returns at once; the port keeps it waiting.
  _port = WHR_RETAIN([NSPort port]);
  [[NSRunLoop currentRunLoop] addPort:_port forMode:NSDefaultRunLoopMode];
}
- (void)detach {
  [[NSRunLoop currentRunLoop] removePort:_port forMode:NSDefaultRunLoopMode];
  WHR_RELEASE(_port);
  _port = nil;
}
- (void)dealloc {
  WHR_RELEASE(_thread);
#if !__has_feature(objc_arc)
  [super dealloc];
#endif
}
- (void)wake {
  [self performSelector:@selector(drain) onThread:_thread withObject:nil waitUntilDone:NO];
}
- (void)drain {
  _owner->Drain();
}
@end

// A C++ task behind an Objective-C target, for performSelector:afterDelay:.
@interface WHRDeferredTask : NSObject {
  whereami::darwin::Task _task;
}
- (instancetype)initWithTask:(whereami::darwin::Task)task;
- (void)run;
@end

@implementation WHRDeferredTask
- (instancetype)initWithTask:(whereami::darwin::Task)task {
  if ((self = [super init])) _task = std::move(task);
  return self;
}
- (void)run {
  whereami::darwin::Task task = std::move(_task);
  _task = nullptr;
  if (task) task();
}
@end

// The NSThread's target: runs the owner's body.
@interface WHRRunLoopThreadStarter : NSObject {
  whereami::darwin::RunLoopThread* _owner;
}
- (instancetype)initWithOwner:(whereami::darwin::RunLoopThread*)owner;
- (void)run:(id)unused;
@end

@implementation WHRRunLoopThreadStarter
- (instancetype)initWithOwner:(whereami::darwin::RunLoopThread*)owner {
  if ((self = [super init])) _owner = owner;
  return self;
}
- (void)run:(id)unused {
  _owner->Main();
}
@end

namespace whereami::darwin {

void EnsureObjcThread() {
#ifdef GNUSTEP
  GSRegisterCurrentThread();
#endif
}

void ReleaseObjcThread() {
#ifdef GNUSTEP
  // The process's main thread stays registered for good.
  if (syscall(SYS_gettid) != getpid()) GSUnregisterCurrentThread();
#endif
}

static WHRRunLoopPump* PumpOf(void* pump) {
#if __has_feature(objc_arc)
  return (__bridge WHRRunLoopPump*)pump;
#else
  return (WHRRunLoopPump*)pump;
#endif
}

RunLoopThread::RunLoopThread() = default;

RunLoopThread::~RunLoopThread() {
  Stop(nullptr);
}

void RunLoopThread::Start() {
  EnsureObjcThread();
  @autoreleasepool {
    WHRRunLoopThreadStarter* starter = [[WHRRunLoopThreadStarter alloc] initWithOwner:this];
    // The thread retains its target, and itself while it runs.
    NSThread* thread = [[NSThread alloc] initWithTarget:starter selector:@selector(run:) object:nil];
    [thread setName:@"whereami CoreLocation"];
    [thread start];
    WHR_RELEASE(thread);
    WHR_RELEASE(starter);
  }
  std::unique_lock<std::mutex> lock(m_mutex);
  m_started_cv.wait(lock, [this] { return m_started; });
}

bool RunLoopThread::IsCurrent() const {
  return std::this_thread::get_id() == m_thread_id.load();
}

void RunLoopThread::RunAfter(double seconds, Task task) {
  WHRDeferredTask* deferred = [[WHRDeferredTask alloc] initWithTask:std::move(task)];
  [deferred performSelector:@selector(run) withObject:nil afterDelay:seconds];
  WHR_RELEASE(deferred);
}

bool RunLoopThread::Post(Task task) {
  EnsureObjcThread();
  // Woken under the lock: the thread releases its pump under it too.
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_stopping || m_pump == nullptr) return false;
  m_tasks.push_back(std::move(task));
  @autoreleasepool {
    [PumpOf(m_pump) wake];
  }
  return true;
}

void RunLoopThread::Stop(Task last) {
  EnsureObjcThread();
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopping) return;
    m_stopping = true;
    if (m_pump == nullptr) return;
    m_tasks.push_back([this, last = std::move(last)] {
      if (last) last();
      m_quit = true;
    });
    @autoreleasepool {
      [PumpOf(m_pump) wake];
    }
  }
  // NSThread has no join: Main says when it is done.
  std::unique_lock<std::mutex> lock(m_mutex);
  m_finished_cv.wait(lock, [this] { return m_finished; });
}

void RunLoopThread::Drain() {
  for (;;) {
    Task task;
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      if (m_tasks.empty()) return;
      task = std::move(m_tasks.front());
      m_tasks.pop_front();
    }
    @autoreleasepool {
      task();
    }
  }
}

void RunLoopThread::Main() {
  m_thread_id.store(std::this_thread::get_id());
  WHRRunLoopPump* pump = nil;
  @autoreleasepool {
    pump = [[WHRRunLoopPump alloc] initWithOwner:this];
    [pump attachToCurrentThread];
  }
  {
    std::lock_guard<std::mutex> lock(m_mutex);
#if __has_feature(objc_arc)
    m_pump = (__bridge_retained void*)pump;
#else
    m_pump = pump;
#endif
#if __has_feature(objc_arc)
    pump = nil;
#endif
    m_started = true;
  }
  m_started_cv.notify_all();
  NSRunLoop* loop = [NSRunLoop currentRunLoop];
  while (!m_quit) {
    @autoreleasepool {
      [loop runMode:NSDefaultRunLoopMode beforeDate:[NSDate distantFuture]];
    }
  }
  @autoreleasepool {
    // Timers CoreLocation or the provider left behind die with the thread.
    [PumpOf(m_pump) detach];
  }
  {
    std::lock_guard<std::mutex> lock(m_mutex);
#if __has_feature(objc_arc)
    WHRRunLoopPump* owned = (__bridge_transfer WHRRunLoopPump*)m_pump;
    owned = nil;
#else
    [PumpOf(m_pump) release];
#endif
    m_pump = nullptr;
  }
  m_thread_id.store(std::thread::id());
  {
    // Last touch of this object: Stop may return and free it right after.
    std::lock_guard<std::mutex> lock(m_mutex);
    m_finished = true;
    m_finished_cv.notify_all();
  }
}

}  // namespace whereami::darwin
