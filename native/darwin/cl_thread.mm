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

// The NSThread that puts Cocoa in multithreaded mode; it ends at once.
@interface WHRCocoaThreadingSwitch : NSObject
+ (void)exitAtOnce:(id)unused;
@end

@implementation WHRCocoaThreadingSwitch
+ (void)exitAtOnce:(id)unused {
}
@end

namespace whereami::darwin {

namespace {
void EnterCocoaMultithreadedMode() {
#ifndef GNUSTEP
  if ([NSThread isMultiThreaded]) return;
  [NSThread detachNewThreadSelector:@selector(exitAtOnce:) toTarget:[WHRCocoaThreadingSwitch class] withObject:nil];
#endif
  // GNUstep is multithreaded once a thread registers with it, and an
  // NSThread ending there while workers come and go crashed a worker storm
  // (test/reliability/workers.test.ts): nothing to spawn.
}
}  // namespace

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
  m_thread = std::thread([this] { Main(); });
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
  if (m_thread.joinable()) m_thread.join();
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
  EnsureObjcThread();
  m_thread_id.store(std::this_thread::get_id());
  WHRRunLoopPump* pump = nil;
  @autoreleasepool {
    // Before any CoreLocation object exists.
    EnterCocoaMultithreadedMode();
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
  ReleaseObjcThread();
}

}  // namespace whereami::darwin
