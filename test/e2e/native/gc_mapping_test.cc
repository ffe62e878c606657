// Checks of native/linux/gc_mapping.cc, the pure part of the GeoClue
// provider: accuracy levels, Location properties with GeoClue's "unknown"
// sentinels, and D-Bus errors. Prints one line per failed check; exits 1 if
// any failed.
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "../../../native/linux/gc_mapping.h"

using namespace whereami;
using namespace whereami::linux_gc;

namespace {

int g_failures = 0;

void Check(bool ok, const std::string& what) {
  if (ok) return;
  ++g_failures;
  std::printf("FAIL %s\n", what.c_str());
}

GVariant* Properties(double altitude, double speed, double heading, double accuracy) {
  GVariantBuilder builder;
  g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
  g_variant_builder_add(&builder, "{sv}", "Latitude", g_variant_new_double(48.8584));
  g_variant_builder_add(&builder, "{sv}", "Longitude", g_variant_new_double(2.2945));
  g_variant_builder_add(&builder, "{sv}", "Accuracy", g_variant_new_double(accuracy));
  g_variant_builder_add(&builder, "{sv}", "Altitude", g_variant_new_double(altitude));
  g_variant_builder_add(&builder, "{sv}", "Speed", g_variant_new_double(speed));
  g_variant_builder_add(&builder, "{sv}", "Heading", g_variant_new_double(heading));
  g_variant_builder_add(&builder, "{sv}", "Timestamp", g_variant_new("(tt)", guint64{1700000000}, guint64{250000}));
  return g_variant_ref_sink(g_variant_builder_end(&builder));
}

GError* Remote(const char* name, const char* message) {
  GError* error = g_dbus_error_new_for_dbus_error(name, message);
  return error;
}

}  // namespace

int main() {
  Check(LevelForAccuracy(0) == kLevelExact, "0 m asks for exact");
  Check(LevelForAccuracy(10) == kLevelExact, "10 m is exact");
  Check(LevelForAccuracy(1000) == kLevelExact, "1000 m is exact (street promises only about 1 km)");
  Check(LevelForAccuracy(1001) == kLevelStreet, "1001 m is street");
  Check(LevelForAccuracy(5000) == kLevelStreet, "5000 m is street");
  Check(LevelForAccuracy(15000) == kLevelNeighborhood, "15 km is neighborhood");
  Check(LevelForAccuracy(300000) == kLevelCity, "300 km is city");
  Check(LevelForAccuracy(1e7) == kLevelCountry, "10000 km is country");
  Check(LevelForAccuracy(NAN) == kLevelExact, "NaN asks for the best");
  Check(LevelForRequest(0, true) == kLevelCity, "an approximate request asks for city level, even with 0 m");
  Check(LevelForRequest(1e7, true) == kLevelCity, "an approximate request asks for city level, not coarser");
  Check(LevelForRequest(10, false) == kLevelExact, "a precise request keeps the level of its accuracy");

  Fix fix;
  GVariant* known = Properties(35, 1.5, 90, 3);
  Check(FixFromProperties(known, &fix), "a full Location maps");
  Check(fix.latitude == 48.8584 && fix.longitude == 2.2945 && fix.accuracy == 3, "coordinates and accuracy");
  Check(fix.altitude == 35.0 && fix.speed == 1.5 && fix.course == 90.0, "altitude, speed, heading");
  Check(fix.timestamp_ms == 1700000000250.0, "Timestamp (tt) is seconds and microseconds");
  g_variant_unref(known);

  GVariant* unknown = Properties(-DBL_MAX, -1, -1, 3);
  Check(FixFromProperties(unknown, &fix), "a Location with unknowns maps");
  Check(!fix.altitude && !fix.speed && !fix.course, "GeoClue's unknown sentinels become absent values");
  g_variant_unref(unknown);

  GVariant* negative = Properties(0, 0, 0, -1);
  Check(!FixFromProperties(negative, &fix), "a negative accuracy is no fix");
  g_variant_unref(negative);

  GError* denied = Remote("org.freedesktop.DBus.Error.AccessDenied", "'x' disallowed by configuration for UID 0");
  Error mapped = ErrorFromGError(denied, Step::kStart, "x");
  Check(mapped.code == "PERMISSION_DENIED", "AccessDenied is PERMISSION_DENIED");
  Check(mapped.message.find("'x' disallowed by configuration") != std::string::npos, "the daemon's reason is kept");
  Check(mapped.domain == "org.freedesktop.DBus.Error.AccessDenied", "the D-Bus error name is the domain");
  g_error_free(denied);

  GError* off = Remote("org.freedesktop.DBus.Error.AccessDenied", "Geolocation disabled for UID 1000");
  Check(ErrorFromGError(off, Step::kStart, "x").code == "SERVICES_DISABLED", "the location switch off");
  g_error_free(off);

  GError* missing = Remote("org.freedesktop.DBus.Error.ServiceUnknown", "not provided by any .service files");
  Check(ErrorFromGError(missing, Step::kCreateClient, "x").code == "SERVICES_DISABLED", "no GeoClue on the bus");
  g_error_free(missing);

  GError* gone = Remote("org.freedesktop.DBus.Error.NoReply", "Message recipient disconnected");
  Check(ErrorFromGError(gone, Step::kStart, "x").code == "POSITION_UNAVAILABLE", "the daemon died mid-call");
  g_error_free(gone);

  GError* refused = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connection refused");
  Check(ErrorFromGError(refused, Step::kConnect, "x").code == "SERVICES_DISABLED", "no system bus");
  g_error_free(refused);

  Error agent = NoAgentError(5000);
  Check(agent.code == "TIMEOUT" && agent.message.find("No GeoClue agent is running") == 0, "the no-agent error");

  if (g_failures == 0) std::printf("ok\n");
  return g_failures == 0 ? 0 : 1;
}
