// The provider's own connection to the system bus, and the watch on
// GeoClue's name. A private connection (not g_bus_get's process-wide one) so
// that it can be dropped and made again after the bus goes away, and so that
// losing it never exits the process (GIO's shared system-bus connection
// exits the process when the bus closes).
#ifndef WHEREAMI_LINUX_GC_BUS_H_
#define WHEREAMI_LINUX_GC_BUS_H_

#include <gio/gio.h>

#include <functional>
#include <string>
#include <vector>

#include "../provider.h"

namespace whereami::linux_gc {

struct BusEvents {
  // The daemon that answered earlier left the bus (it exited or was killed).
  std::function<void()> on_daemon_vanished;
  // The bus connection closed; the next Connect makes a new one.
  std::function<void()> on_closed;
};

using ConnectDone = std::function<void(GDBusConnection* connection, const Error* error)>;

class BusLink {
 public:
  explicit BusLink(BusEvents events);
  ~BusLink();
  BusLink(const BusLink&) = delete;
  BusLink& operator=(const BusLink&) = delete;

  // Calls `done` with the live connection (borrowed; valid until on_closed),
  // at once when connected, or with an error. The bus address comes from
  // DBUS_SYSTEM_BUS_ADDRESS when set, else the system default.
  void Connect(ConnectDone done);
  // Whether GeoClue owns its name on the bus or the bus can start it.
  void ServicesEnabled(std::function<void(bool)> done);

 private:
  static void OnConnected(GObject* source, GAsyncResult* result, gpointer data);
  static void OnClosed(GDBusConnection* connection, gboolean remote_peer_vanished, GError* error, gpointer data);
  static void OnNameAppeared(GDBusConnection* connection, const gchar* name, const gchar* owner, gpointer data);
  static void OnNameVanished(GDBusConnection* connection, const gchar* name, gpointer data);
  void Drop();

  BusEvents m_events;
  GDBusConnection* m_connection = nullptr;
  GCancellable* m_cancellable = nullptr;
  gulong m_closed_handler = 0;
  guint m_watch_id = 0;
  std::string m_owner;
  std::string m_address;
  std::vector<ConnectDone> m_waiters;
};

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_BUS_H_
