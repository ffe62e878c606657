// Reads one request line from the parent process (see
// src/backends/helper-protocol.ts for the protocol).
#ifndef WHEREAMI_HELPER_REQUEST_READER_H_
#define WHEREAMI_HELPER_REQUEST_READER_H_

#include <cstdint>
#include <string>

namespace whereami::helper {

struct Request {
  std::uint64_t id = 0;
  std::string method;
  double accuracy = 100;
  double maximum_age = 0;
  double distance_filter = 0;
  bool reduced = false;  // only an approximate position (JSON true/false)
  double latitude = 0;
  double longitude = 0;
  std::uint64_t target = 0;
  double limit_ms = 0;  // requestAuthorization: 0 waits for the answer
  std::string address;
};

// False, with `problem` saying why, when the line is not a well-formed request.
bool ReadRequest(const std::string& line, Request* request, std::string* problem);

}  // namespace whereami::helper

#endif  // WHEREAMI_HELPER_REQUEST_READER_H_
