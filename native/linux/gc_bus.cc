// Connecting to the system bus and noticing GeoClue come and go. A request
// waiting for a LocationUpdated signal would wait for ever if the daemon
// died, since a signal has no reply to fail: the name watch is what ends it.
#include "gc_bus.h"

#include <utility>

#include "gc_mapping.h"
#include "gc_thread.h"

namespace whereami::linux_gc {

namespace {

constexpr int kQueryTimeoutMs = 5000;

// Is GeoClue there? Yes when it owns its name now, or when the bus can start
// it (activatable): both questions go out at once rather than the second
// after the first's reply, and the answer comes as soon as it is known.
// The query holds its own refs: the link may be gone by the last reply.
struct ServicesQuery {
  GDBusConnection* connection;
  GCancellable* cancellable;
  std::function<void(bool)> done;
  int pending = 2;
  bool found = false;
  bool answered = false;
};

bool Cancelled(const GError* error) {
  return error != nullptr && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

// Counts one reply in (`found`: it says GeoClue is there); answers once the
// answer is known, unless the link is gone, and frees the query with the last.
void ServicesReply(ServicesQuery* query, bool found, GError* error) {
  query->pending--;
  query->found = query->found || found;
  if (!Cancelled(error) && !query->answered && (query->found || query->pending == 0)) {
    query->answered = true;
    query->done(query->found);
  }
  if (error != nullptr) g_error_free(error);
  if (query->pending > 0) return;
  g_object_unref(query->connection);
  g_object_unref(query->cancellable);
  delete query;
}

void OnActivatableNames(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
  bool found = false;
  if (reply != nullptr) {
    GVariantIter* names = nullptr;
    const gchar* name = nullptr;
    g_variant_get(reply, "(as)", &names);
    while (g_variant_iter_loop(names, "&s", &name)) found = found || g_strcmp0(name, kGeoClueName) == 0;
    g_variant_iter_free(names);
    g_variant_unref(reply);
  }
  ServicesReply(static_cast<ServicesQuery*>(data), found, error);
}

void OnNameHasOwner(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
  gboolean owned = FALSE;
  if (reply != nullptr) {
    g_variant_get(reply, "(b)", &owned);
    g_variant_unref(reply);
  }
  ServicesReply(static_cast<ServicesQuery*>(data), owned != FALSE, error);
}

}  // namespace

BusLink::BusLink(BusEvents events) : m_events(std::move(events)), m_cancellable(g_cancellable_new()) {}

BusLink::~BusLink() {
  g_cancellable_cancel(m_cancellable);
  g_object_unref(m_cancellable);
  m_waiters.clear();
  Drop();
}

void BusLink::Connect(ConnectDone done) {
  if (m_connection != nullptr && !g_dbus_connection_is_closed(m_connection)) return done(m_connection, nullptr);
  m_waiters.push_back(std::move(done));
  if (m_waiters.size() > 1) return;  // a connection attempt is under way
  GError* error = nullptr;
  gchar* address = g_dbus_address_get_for_bus_sync(G_BUS_TYPE_SYSTEM, nullptr, &error);
  if (address == nullptr) {
    Error mapped = ErrorFromGError(error, Step::kConnect, "");
    g_error_free(error);
    auto waiters = std::move(m_waiters);
    m_waiters.clear();
    for (auto& waiter : waiters) waiter(nullptr, &mapped);
    return;
  }
  m_address = address;
  g_free(address);
  auto flags = static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                 G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION);
  // GIO authenticates on a worker thread of its own and then calls back
  // here, cancelled or not: the loop thread must wait for that (gc_thread.h).
  OweCallback();
  g_dbus_connection_new_for_address(m_address.c_str(), flags, nullptr, m_cancellable, OnConnected, this);
}

void BusLink::OnConnected(GObject* /*source*/, GAsyncResult* result, gpointer data) {
  CallbackArrived();
  GError* error = nullptr;
  GDBusConnection* connection = g_dbus_connection_new_for_address_finish(result, &error);
  if (Cancelled(error)) return g_error_free(error);
  auto* self = static_cast<BusLink*>(data);
  auto waiters = std::move(self->m_waiters);
  self->m_waiters.clear();
  if (connection == nullptr) {
    Error mapped = ErrorFromGError(error, Step::kConnect, "");
    mapped.message += " (address " + self->m_address + ")";
    g_error_free(error);
    for (auto& waiter : waiters) waiter(nullptr, &mapped);
    return;
  }
  self->m_connection = connection;
  g_dbus_connection_set_exit_on_close(connection, FALSE);
  self->m_closed_handler = g_signal_connect(connection, "closed", G_CALLBACK(OnClosed), self);
  self->m_watch_id = g_bus_watch_name_on_connection(connection, kGeoClueName, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                    OnNameAppeared, OnNameVanished, self, nullptr);
  for (auto& waiter : waiters) waiter(connection, nullptr);
}

void BusLink::OnClosed(GDBusConnection* /*connection*/, gboolean /*remote_peer_vanished*/, GError* /*error*/,
                       gpointer data) {
  auto* self = static_cast<BusLink*>(data);
  self->Drop();
  if (self->m_events.on_closed) self->m_events.on_closed();
}

void BusLink::OnNameAppeared(GDBusConnection* /*connection*/, const gchar* /*name*/, const gchar* owner,
                             gpointer data) {
  static_cast<BusLink*>(data)->m_owner = owner;
}

void BusLink::OnNameVanished(GDBusConnection* connection, const gchar* /*name*/, gpointer data) {
  auto* self = static_cast<BusLink*>(data);
  // Also called at once when nobody owns the name yet (the bus may start
  // GeoClue on the first call), and when the connection closes (OnClosed
  // reports that): only a daemon that was there counts.
  if (self->m_owner.empty() || connection == nullptr || g_dbus_connection_is_closed(connection)) return;
  self->m_owner.clear();
  if (self->m_events.on_daemon_vanished) self->m_events.on_daemon_vanished();
}

void BusLink::ServicesEnabled(std::function<void(bool)> done) {
  Connect([this, done = std::move(done)](GDBusConnection* connection, const Error* error) {
    if (error != nullptr) return done(false);
    auto* query = new ServicesQuery{G_DBUS_CONNECTION(g_object_ref(connection)),
                                    G_CANCELLABLE(g_object_ref(m_cancellable)), done};
    g_dbus_connection_call(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                           "NameHasOwner", g_variant_new("(s)", kGeoClueName), G_VARIANT_TYPE("(b)"),
                           G_DBUS_CALL_FLAGS_NONE, kQueryTimeoutMs, m_cancellable, OnNameHasOwner, query);
    g_dbus_connection_call(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                           "ListActivatableNames", nullptr, G_VARIANT_TYPE("(as)"), G_DBUS_CALL_FLAGS_NONE,
                           kQueryTimeoutMs, m_cancellable, OnActivatableNames, query);
  });
}

void BusLink::Drop() {
  if (m_connection == nullptr) return;
  if (m_watch_id != 0) g_bus_unwatch_name(m_watch_id);
  m_watch_id = 0;
  if (m_closed_handler != 0) g_signal_handler_disconnect(m_connection, m_closed_handler);
  m_closed_handler = 0;
  m_owner.clear();
  GDBusConnection* connection = m_connection;
  m_connection = nullptr;
  // Closing is asynchronous and harmless on a closed connection; the ref
  // held by the close call keeps it alive until done.
  if (!g_dbus_connection_is_closed(connection)) g_dbus_connection_close(connection, nullptr, nullptr, nullptr);
  g_object_unref(connection);
}

}  // namespace whereami::linux_gc
