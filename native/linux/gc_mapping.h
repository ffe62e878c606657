// Pure mappings between GeoClue2's D-Bus values and provider.h's types: no
// I/O, no state, so they are easy to read against GeoClue's documentation.
#ifndef WHEREAMI_LINUX_GC_MAPPING_H_
#define WHEREAMI_LINUX_GC_MAPPING_H_

#include <gio/gio.h>

#include <string>

#include "../provider.h"

namespace whereami::linux_gc {

// GClueAccuracyLevel, as on the D-Bus interface.
enum AccuracyLevel : guint32 {
  kLevelNone = 0,
  kLevelCountry = 1,
  kLevelCity = 4,
  kLevelNeighborhood = 5,
  kLevelStreet = 6,
  kLevelExact = 8,
};

constexpr const char* kGeoClueName = "org.freedesktop.GeoClue2";
constexpr const char* kManagerPath = "/org/freedesktop/GeoClue2/Manager";
constexpr const char* kManagerInterface = "org.freedesktop.GeoClue2.Manager";
constexpr const char* kClientInterface = "org.freedesktop.GeoClue2.Client";
constexpr const char* kLocationInterface = "org.freedesktop.GeoClue2.Location";
constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";

// The coarsest level whose typical accuracy is strictly better than
// `metres` (0 or less asks for the best).
AccuracyLevel LevelForAccuracy(double metres);

// The level for a request: city for an approximate one (`reduced`), whatever
// `metres` says, so GeoClue itself never runs a finer source for it.
AccuracyLevel LevelForRequest(double metres, bool reduced);

// Maps the a{sv} of Properties.GetAll on a Location object. False when the
// fix is unusable (no coordinates, or a negative accuracy).
bool FixFromProperties(GVariant* properties, Fix* fix);

double NowMs();

Error MakeError(const char* code, std::string message, std::string domain = {}, long native_code = 0);

// What the provider was doing when a D-Bus call failed; it picks the words.
enum class Step { kConnect, kCreateClient, kConfigure, kStart, kReadLocation };

// Maps a failed D-Bus call. `desktop_id` names the app in refusals. A
// CreateClient timeout is the caller's to map (NoAgentError).
Error ErrorFromGError(const GError* error, Step step, const std::string& desktop_id);

// The error for a CreateClient that did not answer within `waited_ms`:
// GeoClue holds CreateClient until an agent for the caller's user registers.
Error NoAgentError(unsigned waited_ms);

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_MAPPING_H_
