// Tears the GeoClue provider (native/linux) down at every point of a
// request's life, built with AddressSanitizer by the e2e harness: run i asks
// for a fix and, i * step microseconds later, cancels it (even runs) or shuts
// the provider down (odd runs). Across the sweep the teardown lands while the
// bus connection is being made, while CreateClient, the property Sets, Start
// and the location read are in flight, and after the fix; a use after free
// in any of those paths stops the process with ASan's report.
//
// Prints one JSON line per run ({"run","delayUs","how","outcome","calls"};
// outcome is "fix", an error code, or "none") and then a summary with the
// number of sockets the process holds once every provider is gone, beyond
// those it started with (Node's child_process makes stdio of socketpairs).
// Exits 0 when every request settled exactly once with a fix or ABORTED and
// no socket is left, 1 otherwise.
//
// Usage: gc_teardown [--runs N] [--step-us US]
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "../../../native/provider.h"

using namespace whereami;

namespace {

struct Outcome {
  std::mutex mutex;
  std::condition_variable cv;
  int calls = 0;
  std::string first;
};

void Record(Outcome* outcome, const std::string& what) {
  std::lock_guard<std::mutex> lock(outcome->mutex);
  if (outcome->calls++ == 0) outcome->first = what;
  outcome->cv.notify_all();
}

int OpenSockets() {
  int sockets = 0;
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  while (dirent* entry = readdir(fds)) {
    char path[300];
    char target[300];
    std::snprintf(path, sizeof path, "/proc/self/fd/%s", entry->d_name);
    ssize_t length = readlink(path, target, sizeof target - 1);
    if (length <= 0) continue;
    target[length] = '\0';
    if (std::strncmp(target, "socket:", 7) == 0) sockets++;
  }
  closedir(fds);
  return sockets;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 60;
  long step_us = 250;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--step-us") == 0 && i + 1 < argc) {
      step_us = std::atol(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: gc_teardown [--runs N] [--step-us US]\n");
      return 2;
    }
  }
  int sockets_before = OpenSockets();
  int fixes = 0;
  int aborted = 0;
  int wrong = 0;
  for (int run = 0; run < runs; run++) {
    Outcome outcome;
    auto provider = CreatePlatformProvider();
    RequestCallbacks callbacks;
    callbacks.on_fix = [&outcome](const Fix&) { Record(&outcome, "fix"); };
    callbacks.on_error = [&outcome](const Error& error) { Record(&outcome, error.code); };
    provider->RequestLocation(1, RequestOptions{100, 0, false}, callbacks);
    long delay_us = run * step_us;
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    bool cancel = run % 2 == 0;
    if (cancel) {
      provider->Cancel(1);
    } else {
      provider->Shutdown();
    }
    {
      std::unique_lock<std::mutex> lock(outcome.mutex);
      outcome.cv.wait_for(lock, std::chrono::seconds(5), [&outcome] { return outcome.calls > 0; });
    }
    // Time for a wrong second answer (a late reply) to show up.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    provider->Shutdown();
    provider.reset();
    std::lock_guard<std::mutex> lock(outcome.mutex);
    std::string first = outcome.calls == 0 ? "none" : outcome.first;
    std::printf("{\"run\":%d,\"delayUs\":%ld,\"how\":\"%s\",\"outcome\":\"%s\",\"calls\":%d}\n", run, delay_us,
                cancel ? "cancel" : "shutdown", first.c_str(), outcome.calls);
    if (outcome.calls == 1 && first == "fix") {
      fixes++;
    } else if (outcome.calls == 1 && first == "ABORTED") {
      aborted++;
    } else {
      wrong++;
    }
  }
  int sockets = OpenSockets() - sockets_before;
  std::printf("{\"summary\":{\"runs\":%d,\"fixes\":%d,\"aborted\":%d,\"wrong\":%d,\"sockets\":%d}}\n", runs, fixes,
              aborted, wrong, sockets);
  return wrong == 0 && sockets == 0 ? 0 : 1;
}
