// whereami-helper: the native providers behind a stdin/stdout JSON-lines
// loop. On macOS it is the executable that asks for location permission on
// behalf of the CLI and plain Node scripts: its embedded Info.plist
// (Info.plist beside this file, linked into __TEXT,__info_plist) gives it a
// bundle identity and usage strings, which a plain `node` lacks.
//
// The main thread only reads stdin; the provider runs its own event-loop
// thread and answers through the thread-safe LineWriter. The helper exits
// when stdin closes, so it never outlives its parent.
#import <Foundation/Foundation.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "../provider.h"
#include "helper_session.h"

int main() {
  // A parent that goes away mid-write must end the helper quietly, not by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  auto writer = std::make_shared<whereami::helper::LineWriter>(stdout);
  whereami::helper::HelperSession session(whereami::CreatePlatformProvider(), writer);
  session.SayHello();
  std::string line;
  while (std::getline(std::cin, line)) {
    @autoreleasepool {
      session.HandleLine(line);
    }
  }
  session.Shutdown();
  return 0;
}
