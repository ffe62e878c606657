// whereami-helper: the native providers behind a stdin/stdout JSON-lines
// loop. On macOS it is the executable that asks for location permission on
// behalf of the CLI and plain Node scripts: its embedded Info.plist
// (Info.plist beside this file, linked into __TEXT,__info_plist) gives it a
// bundle identity and usage strings, which a plain `node` lacks.
//
// The main thread runs the main run loop, because CLGeocoder runs its
// completion handlers on the main thread (Apple: "Your completion handler
// block will be executed on the main thread"): a main thread blocked reading
// stdin would never hear a geocoder's answer. Stdin is read on an NSThread
// (which also switches Cocoa into multithreaded mode) that hands each line to
// the main thread in order. The provider runs its own event-loop thread and
// answers through the thread-safe LineWriter. The helper exits when stdin
// closes, so it never outlives its parent.
#import <Foundation/Foundation.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "../darwin/objc_compat.h"
#include "../provider.h"
#include "helper_session.h"

@interface WHRStdinPump : NSObject {
  whereami::helper::HelperSession* _session;
  BOOL _finished;
}
- (instancetype)initWithSession:(whereami::helper::HelperSession*)session;
- (void)readLines:(id)unused;
- (void)handleLine:(NSData*)line;
- (void)finish;
- (BOOL)finished;
@end

@implementation WHRStdinPump
- (instancetype)initWithSession:(whereami::helper::HelperSession*)session {
  if ((self = [super init])) _session = session;
  return self;
}

// The reader thread: blocks in getline, never touches the session.
- (void)readLines:(id)unused {
  std::string line;
  while (std::getline(std::cin, line)) {
    @autoreleasepool {
      NSData* data = [NSData dataWithBytes:line.data() length:line.size()];
      [self performSelectorOnMainThread:@selector(handleLine:) withObject:data waitUntilDone:NO];
    }
  }
  @autoreleasepool {
    [self performSelectorOnMainThread:@selector(finish) withObject:nil waitUntilDone:NO];
  }
}

- (void)handleLine:(NSData*)line {
  _session->HandleLine(std::string(static_cast<const char*>([line bytes]), [line length]));
}

- (void)finish {
  _finished = YES;
}

- (BOOL)finished {
  return _finished;
}
@end

int main() {
  // A parent that goes away mid-write must end the helper quietly, not by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  // Foundation meets this thread first: GNUstep takes the first thread that
  // touches it for the main thread (macOS always takes this one).
  whereami::darwin::EnsureObjcThread();
  @autoreleasepool {
    [NSThread mainThread];
  }
  auto writer = std::make_shared<whereami::helper::LineWriter>(stdout);
  whereami::helper::HelperSession session(whereami::CreatePlatformProvider(), writer);
  session.SayHello();
  @autoreleasepool {
    WHRStdinPump* pump = [[WHRStdinPump alloc] initWithSession:&session];
    // A run loop with no source returns at once; the port keeps it waiting.
    NSPort* keepAlive = [NSPort port];
    NSRunLoop* loop = [NSRunLoop currentRunLoop];
    [loop addPort:keepAlive forMode:NSDefaultRunLoopMode];
    [NSThread detachNewThreadSelector:@selector(readLines:) toTarget:pump withObject:nil];
    while (![pump finished]) {
      @autoreleasepool {
        [loop runMode:NSDefaultRunLoopMode beforeDate:[NSDate distantFuture]];
      }
    }
    [loop removePort:keepAlive forMode:NSDefaultRunLoopMode];
    // The reader thread has returned from readLines: and keeps its own reference.
    WHR_RELEASE(pump);
  }
  session.Shutdown();
  return 0;
}
