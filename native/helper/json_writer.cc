#include "json_writer.h"

#include <cmath>
#include <cstdio>

namespace whereami::helper {

namespace {

class ObjectWriter {
 public:
  void Raw(const char* key, const std::string& json) {
    m_text += m_text.empty() ? "{" : ",";
    m_text += QuoteJson(key);
    m_text += ':';
    m_text += json;
  }
  void Number(const char* key, double value) { Raw(key, NumberJson(value)); }
  void Number(const char* key, const std::optional<double>& value) {
    if (value) Number(key, *value);
  }
  void String(const char* key, const std::string& value) { Raw(key, QuoteJson(value)); }
  void OptionalString(const char* key, const std::optional<std::string>& value) {
    if (value) String(key, *value);
  }
  std::string Close() { return m_text.empty() ? "{}" : m_text + "}"; }

 private:
  std::string m_text;
};

}  // namespace

std::string QuoteJson(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through unchanged
        }
    }
  }
  return out + "\"";
}

std::string NumberJson(double value) {
  if (!std::isfinite(value)) return "null";  // JSON has no NaN or Infinity
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string HelloLine(int protocol, const char* provider, const BundleInfo& bundle) {
  ObjectWriter bundle_json;
  if (!bundle.identifier.empty()) bundle_json.String("identifier", bundle.identifier);
  bundle_json.Raw("hasLocationUsageDescription", bundle.has_location_usage_description ? "true" : "false");
  ObjectWriter hello;
  hello.String("type", "hello");
  hello.Number("protocol", protocol);
  hello.String("provider", provider);
  hello.Raw("bundle", bundle_json.Close());
  return hello.Close();
}

std::string ResultLine(std::uint64_t id, const std::string& json_value) {
  ObjectWriter line;
  line.Number("id", static_cast<double>(id));
  line.Raw("result", json_value);
  return line.Close();
}

std::string ErrorLine(std::uint64_t id, const Error& error) {
  ObjectWriter detail;
  detail.String("code", error.code);
  detail.String("message", error.message);
  if (!error.domain.empty()) {
    detail.String("domain", error.domain);
    detail.Number("nativeCode", static_cast<double>(error.native_code));
  }
  ObjectWriter line;
  line.Number("id", static_cast<double>(id));
  line.Raw("error", detail.Close());
  return line.Close();
}

std::string FixJson(const Fix& fix) {
  ObjectWriter out;
  out.Number("latitude", fix.latitude);
  out.Number("longitude", fix.longitude);
  out.Number("accuracy", fix.accuracy);
  out.Number("altitude", fix.altitude);
  out.Number("altitudeAccuracy", fix.altitude_accuracy);
  out.Number("ellipsoidalAltitude", fix.ellipsoidal_altitude);
  out.Number("speed", fix.speed);
  out.Number("speedAccuracy", fix.speed_accuracy);
  out.Number("course", fix.course);
  out.Number("courseAccuracy", fix.course_accuracy);
  if (fix.floor) out.Number("floor", *fix.floor);
  out.Number("timestamp", fix.timestamp_ms);
  if (fix.simulated) out.Raw("simulated", *fix.simulated ? "true" : "false");
  if (fix.reduced) out.Raw("reduced", "true");
  return out.Close();
}

std::string PlacesJson(const std::vector<Place>& places) {
  std::string out = "[";
  for (const Place& place : places) {
    if (out.size() > 1) out += ',';
    ObjectWriter item;
    item.Number("latitude", place.latitude);
    item.Number("longitude", place.longitude);
    item.Number("accuracy", place.accuracy);
    item.OptionalString("name", place.name);
    item.OptionalString("street", place.street);
    item.OptionalString("streetNumber", place.street_number);
    item.OptionalString("city", place.city);
    item.OptionalString("district", place.district);
    item.OptionalString("postalCode", place.postal_code);
    item.OptionalString("region", place.region);
    item.OptionalString("country", place.country);
    item.OptionalString("isoCountryCode", place.iso_country_code);
    item.OptionalString("timeZone", place.time_zone);
    out += item.Close();
  }
  return out + "]";
}

std::string FixEventLine(std::uint64_t id, const Fix& fix) {
  ObjectWriter line;
  line.Number("id", static_cast<double>(id));
  line.String("event", "fix");
  line.Raw("fix", FixJson(fix));
  return line.Close();
}

std::string PromptEventLine(std::uint64_t id, bool pending) {
  ObjectWriter line;
  line.Number("id", static_cast<double>(id));
  line.String("event", "prompt");
  line.Raw("pending", pending ? "true" : "false");
  return line.Close();
}

}  // namespace whereami::helper
