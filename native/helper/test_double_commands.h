// Test-only: scripting of the CoreLocation double through the helper's
// protocol (method "testDouble"), so tests can drive the helper process as
// they drive the addon's double build. Compiled only into the Linux double
// build of the helper (WHEREAMI_TEST_DOUBLE); a real helper answers the
// method as unknown.
#ifndef WHEREAMI_HELPER_TEST_DOUBLE_COMMANDS_H_
#define WHEREAMI_HELPER_TEST_DOUBLE_COMMANDS_H_

#ifdef WHEREAMI_TEST_DOUBLE

#include <string>

namespace whereami::helper {

// Runs the command in `line`; false with `problem` when it is malformed.
// `result_json` is the JSON value to answer with.
bool RunTestDoubleCommand(const std::string& line, std::string* result_json, std::string* problem);

}  // namespace whereami::helper

#endif  // WHEREAMI_TEST_DOUBLE
#endif  // WHEREAMI_HELPER_TEST_DOUBLE_COMMANDS_H_
