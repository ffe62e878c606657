// Serves protocol requests from the parent with a native provider, writing
// every answer and event as one line through a thread-safe writer (provider
// callbacks arrive on the provider's own thread).
#ifndef WHEREAMI_HELPER_SESSION_H_
#define WHEREAMI_HELPER_SESSION_H_

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "../provider.h"
#include "request_reader.h"

namespace whereami::helper {

constexpr int kProtocolVersion = 1;  // HELPER_PROTOCOL_VERSION in helper-protocol.ts

class LineWriter {
 public:
  explicit LineWriter(std::FILE* out) : m_out(out) {}
  void Write(const std::string& line);

 private:
  std::FILE* m_out;
  std::mutex m_mutex;
};

class HelperSession {
 public:
  HelperSession(std::unique_ptr<Provider> provider, std::shared_ptr<LineWriter> writer);
  ~HelperSession();

  void SayHello();
  // Handles one line from stdin; bad lines are answered with an error, never fatal.
  void HandleLine(const std::string& line);
  void Shutdown();

 private:
  void Dispatch(const Request& request);

  std::unique_ptr<Provider> m_provider;
  std::shared_ptr<LineWriter> m_writer;
};

}  // namespace whereami::helper

#endif  // WHEREAMI_HELPER_SESSION_H_
