// Writes the helper's answers as JSON text. Numbers use 17 significant
// digits, which round-trip every double exactly: coordinates must not lose
// precision on the way to JS (the cgo bridge this project replaces
// truncated them to float32).
#ifndef WHEREAMI_HELPER_JSON_WRITER_H_
#define WHEREAMI_HELPER_JSON_WRITER_H_

#include <optional>
#include <string>
#include <vector>

#include "../provider.h"

namespace whereami::helper {

std::string QuoteJson(const std::string& text);
std::string NumberJson(double value);

std::string HelloLine(int protocol, const char* provider, const BundleInfo& bundle);
std::string ResultLine(std::uint64_t id, const std::string& json_value);
std::string ErrorLine(std::uint64_t id, const Error& error);
std::string FixJson(const Fix& fix);
std::string PlacesJson(const std::vector<Place>& places);
std::string FixEventLine(std::uint64_t id, const Fix& fix);
std::string PromptEventLine(std::uint64_t id, bool pending);

}  // namespace whereami::helper

#endif  // WHEREAMI_HELPER_JSON_WRITER_H_
