// GeoClue2 values to provider.h values. Level names and property meanings
// follow GeoClue's D-Bus interface documentation (org.freedesktop.GeoClue2.*).
#include "gc_mapping.h"

#include <cfloat>
#include <cmath>
#include <ctime>

namespace whereami::linux_gc {

namespace {

// GeoClue's own typical accuracies per level (gclue-location.h): street is a
// Wi-Fi fix, neighborhood a cell tower, city an IP lookup.
constexpr double kStreetMetres = 1000;
constexpr double kNeighborhoodMetres = 5000;
constexpr double kCityMetres = 15000;
constexpr double kCountryMetres = 300000;

bool LookupDouble(GVariant* properties, const char* key, double* out) {
  return g_variant_lookup(properties, key, "d", out) != FALSE;
}

std::string Describe(const GError* error) {
  gchar* remote = g_dbus_error_get_remote_error(error);
  std::string message = error->message != nullptr ? error->message : "";
  if (remote != nullptr) {
    // "GDBus.Error:org.freedesktop.DBus.Error.AccessDenied: reason" -> "reason"
    std::string prefix = std::string("GDBus.Error:") + remote + ": ";
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    g_free(remote);
  }
  return message;
}

std::string DomainOf(const GError* error) {
  gchar* remote = g_dbus_error_get_remote_error(error);
  if (remote != nullptr) {
    std::string name = remote;
    g_free(remote);
    return name;
  }
  return g_quark_to_string(error->domain);
}

bool IsRemote(const GError* error, const char* name) {
  gchar* remote = g_dbus_error_get_remote_error(error);
  bool same = remote != nullptr && g_strcmp0(remote, name) == 0;
  g_free(remote);
  return same;
}

}  // namespace

AccuracyLevel LevelForAccuracy(double metres) {
  // GeoClue treats the level as a ceiling: it runs only sources at or below
  // it. So the level must be the coarsest one that still promises better
  // than asked, never a coarser one, or a fine source (GPS) would be unused.
  if (!(metres > kStreetMetres)) return kLevelExact;
  if (metres <= kNeighborhoodMetres) return kLevelStreet;
  if (metres <= kCityMetres) return kLevelNeighborhood;
  if (metres <= kCountryMetres) return kLevelCity;
  return kLevelCountry;
}

AccuracyLevel LevelForRequest(double metres, bool reduced) {
  return reduced ? kLevelCity : LevelForAccuracy(metres);
}

bool FixFromProperties(GVariant* properties, Fix* fix) {
  double latitude = NAN;
  double longitude = NAN;
  double accuracy = NAN;
  if (!LookupDouble(properties, "Latitude", &latitude) || !LookupDouble(properties, "Longitude", &longitude) ||
      !LookupDouble(properties, "Accuracy", &accuracy)) {
    return false;
  }
  if (!std::isfinite(latitude) || !std::isfinite(longitude) || !std::isfinite(accuracy) || accuracy < 0) return false;
  *fix = Fix{};
  fix->latitude = latitude;
  fix->longitude = longitude;
  fix->accuracy = accuracy;
  double value = 0;
  // GeoClue says "unknown" with -G_MAXDOUBLE for altitude and -1 for speed and heading.
  if (LookupDouble(properties, "Altitude", &value) && std::isfinite(value) && value > -DBL_MAX) fix->altitude = value;
  if (LookupDouble(properties, "Speed", &value) && std::isfinite(value) && value >= 0) fix->speed = value;
  if (LookupDouble(properties, "Heading", &value) && std::isfinite(value) && value >= 0) fix->course = value;
  guint64 seconds = 0;
  guint64 micros = 0;
  if (g_variant_lookup(properties, "Timestamp", "(tt)", &seconds, &micros) && seconds > 0) {
    fix->timestamp_ms = static_cast<double>(seconds) * 1000 + static_cast<double>(micros) / 1000;
  } else {
    fix->timestamp_ms = NowMs();
  }
  return true;
}

double NowMs() {
  return static_cast<double>(g_get_real_time()) / 1000;
}

Error MakeError(const char* code, std::string message, std::string domain, long native_code) {
  return Error{code, std::move(message), std::move(domain), native_code};
}

Error NoAgentError(unsigned waited_ms) {
  return MakeError("TIMEOUT",
                   "No GeoClue agent is running for this user: GeoClue did not create a client within " +
                       std::to_string(waited_ms) +
                       " ms, and it creates none until an agent (such as the desktop's) has registered. Log in to a "
                       "desktop session that runs one, or start /usr/libexec/geoclue-2.0/demos/agent (package "
                       "geoclue-2-demo), whose id must be on the [agent] whitelist of /etc/geoclue/geoclue.conf.",
                   "org.freedesktop.GeoClue2", 0);
}

Error ErrorFromGError(const GError* error, Step step, const std::string& desktop_id) {
  std::string what = Describe(error);
  std::string domain = DomainOf(error);
  long code = error->code;
  if (step == Step::kConnect) {
    return MakeError("SERVICES_DISABLED",
                     "The D-Bus system bus, where GeoClue2 lives, cannot be reached: " + what +
                         ". Is dbus running (or DBUS_SYSTEM_BUS_ADDRESS right)?",
                     domain, code);
  }
  if (IsRemote(error, "org.freedesktop.DBus.Error.AccessDenied") && what.rfind("Geolocation disabled", 0) == 0) {
    // The agent's MaxAccuracyLevel is 0: the desktop's location switch is off.
    return MakeError("SERVICES_DISABLED",
                     "Location services are turned off for this user (GeoClue: " + what +
                         "). Turn them on in the desktop's privacy settings (GNOME: Settings > Privacy > Location "
                         "Services).",
                     domain, code);
  }
  if (IsRemote(error, "org.freedesktop.DBus.Error.AccessDenied")) {
    return MakeError("PERMISSION_DENIED", "GeoClue refused location access to '" + desktop_id + "': " + what, domain,
                     code);
  }
  if (IsRemote(error, "org.freedesktop.DBus.Error.ServiceUnknown") ||
      IsRemote(error, "org.freedesktop.DBus.Error.NameHasNoOwner") ||
      g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      (error->domain == G_DBUS_ERROR && error->code >= G_DBUS_ERROR_SPAWN_EXEC_FAILED &&
       error->code <= G_DBUS_ERROR_SPAWN_FAILED)) {
    return MakeError("SERVICES_DISABLED",
                     "GeoClue2 (org.freedesktop.GeoClue2) is not running on the system bus and cannot be started: " +
                         what + ". Install it (apt install geoclue-2.0) and start it.",
                     domain, code);
  }
  if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
      g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches(error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED)) {
    return MakeError("POSITION_UNAVAILABLE", "GeoClue went away before it answered: " + what, domain, code);
  }
  const char* doing = "reading the location";
  switch (step) {
    case Step::kCreateClient:
      doing = "creating a GeoClue client";
      break;
    case Step::kConfigure:
      doing = "configuring the GeoClue client";
      break;
    case Step::kStart:
      doing = "starting the GeoClue client";
      break;
    default:
      break;
  }
  return MakeError("POSITION_UNAVAILABLE", std::string("GeoClue failed while ") + doing + ": " + what, domain, code);
}

}  // namespace whereami::linux_gc
