// A standalone driver for the GeoClue provider (native/linux), with no Node
// and no addon: it proves the provider against a real daemon by itself.
// Prints one JSON line per event on stdout and exits 0 once it got what it
// was asked for, 1 on a provider error, 3 when its own deadline passed.
//
// Usage: gc_driver once|watch|auth|services [--accuracy M] [--count N]
//        [--deadline-ms MS] [--twice]
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

#include "../../../native/provider.h"

using namespace whereami;

namespace {

std::mutex g_mutex;
std::condition_variable g_cv;
int g_exit = -1;
int g_fixes = 0;

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void Finish(int code) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_exit < 0) g_exit = code;
  g_cv.notify_all();
}

void PrintFix(const Fix& fix) {
  std::printf("{\"fix\":{\"latitude\":%.9f,\"longitude\":%.9f,\"accuracy\":%.3f,\"timestamp\":%.0f,\"ageMs\":%.0f}}\n",
              fix.latitude, fix.longitude, fix.accuracy, fix.timestamp_ms,
              std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch()).count() -
                  fix.timestamp_ms);
  std::fflush(stdout);
}

void PrintError(const Error& error) {
  std::printf("{\"error\":{\"code\":%s,\"message\":%s,\"domain\":%s}}\n", Quote(error.code).c_str(),
              Quote(error.message).c_str(), Quote(error.domain).c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: gc_driver once|watch|auth|services [--accuracy M] [--count N] [--deadline-ms MS]\n");
    return 2;
  }
  std::string mode = argv[1];
  double accuracy = 100;
  int count = 3;
  long deadline_ms = 10000;
  int rounds = 1;
  for (int i = 2; i < argc; i++) {
    if (std::strcmp(argv[i], "--accuracy") == 0 && i + 1 < argc)
      accuracy = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc)
      count = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--deadline-ms") == 0 && i + 1 < argc)
      deadline_ms = std::atol(argv[++i]);
    else if (std::strcmp(argv[i], "--twice") == 0)
      rounds = 2;
  }
  std::printf("{\"provider\":%s}\n", Quote(PlatformProviderName()).c_str());
  std::fflush(stdout);
  auto provider = CreatePlatformProvider();
  for (int round = 0; round < rounds; round++) {
    g_exit = -1;
    g_fixes = 0;
    if (mode == "once") {
      RequestCallbacks callbacks;
      callbacks.on_fix = [](const Fix& fix) {
        PrintFix(fix);
        Finish(0);
      };
      callbacks.on_error = [](const Error& error) {
        PrintError(error);
        Finish(1);
      };
      callbacks.on_prompt = [](bool pending) { std::printf("{\"prompt\":%s}\n", pending ? "true" : "false"); };
      provider->RequestLocation(1, RequestOptions{accuracy, 0}, callbacks);
    } else if (mode == "watch") {
      WatchCallbacks callbacks;
      callbacks.on_fix = [count](const Fix& fix) {
        PrintFix(fix);
        if (++g_fixes >= count) Finish(0);
      };
      callbacks.on_error = [](const Error& error) {
        PrintError(error);
        Finish(1);
      };
      provider->StartWatch(2, WatchOptions{accuracy, 0}, callbacks);
    } else if (mode == "auth") {
      provider->RequestAuthorization(0, [](AuthorizationStatus status) {
        std::printf("{\"authorization\":%s}\n", Quote(ToString(status)).c_str());
        Finish(0);
      });
    } else if (mode == "services") {
      provider->GetServicesEnabled([](bool enabled) {
        std::printf("{\"servicesEnabled\":%s}\n", enabled ? "true" : "false");
        Finish(0);
      });
    } else {
      std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
      return 2;
    }
    std::unique_lock<std::mutex> lock(g_mutex);
    if (!g_cv.wait_for(lock, std::chrono::milliseconds(deadline_ms), [] { return g_exit >= 0; })) {
      std::printf("{\"error\":{\"code\":\"DRIVER_DEADLINE\",\"message\":\"no answer within %ld ms\"}}\n", deadline_ms);
      std::fflush(stdout);
      lock.unlock();
      provider->Shutdown();
      return 3;
    }
    if (mode == "watch") provider->StopWatch(2);
    if (g_exit != 0 || round + 1 == rounds) break;
  }
  int code = g_exit;
  provider->Shutdown();
  return code;
}
