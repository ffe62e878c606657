// A GeoClue client's life, as GeoClue 2.6 wants it: CreateClient (held by
// the daemon until an agent for this user is registered), the properties it
// requires before Start (DesktopId is mandatory), Start (where the agent's
// AuthorizeApp decides), then LocationUpdated(old, new) signals whose `new`
// Location object is read with Properties.GetAll.
//
// The property Sets and Start go out back to back once CreateClient has
// answered, not each after the last one's reply (that cost a round trip per
// Set). The bus delivers one connection's messages in order, and GeoClue
// handles its method calls in order, so Start finds the properties set, and
// the LocationUpdated subscription (AddMatch, sent first) in place. The
// replies come back in the same order, and the first failure ends the
// session: later replies then come back cancelled and are ignored. A reply
// the bus itself makes (a policy refusing a call) can overtake GeoClue's
// replies to earlier calls; the first to arrive still wins.
//
// When was a fix made? GeoClue's Timestamp says, but for NMEA only in whole
// seconds (the sentence's time, truncated), so a fix can look up to a second
// older than it is. And on Start GeoClue hands a new client the location its
// sources already hold, which another client may have caused long before: it
// emits that LocationUpdated while handling Start, before the Start reply
// (gclue-service-client.c: complete_start runs start_client, whose locator
// reports a held location at once, then completes Start). So:
// - a location signalled before the Start reply keeps GeoClue's Timestamp:
//   it may be old, and the Timestamp is the only witness (erring old);
// - any later one was made after the client started and reached us as soon
//   as GeoClue had it: it is stamped with the signal's arrival, unless
//   GeoClue's Timestamp says it is older than the truncation explains.
// A Timestamp is never taken as later than the arrival (a GPS's own clock
// may run ahead of ours).
//
// Every call carries the session's GCancellable. A cancelled call still
// calls back, later, with G_IO_ERROR_CANCELLED; callbacks check for it before
// touching the session, which may be gone by then.
#include "gc_client.h"

#include <utility>

#include "gc_thread.h"

namespace whereami::linux_gc {

namespace {

constexpr int kCallTimeoutMs = 10000;
// Start waits for the agent, which may be showing a prompt: no D-Bus timeout
// (the caller's timeout and prompt limit bound it); after this long it is
// reported as a prompt.
constexpr unsigned kPromptAfterMs = 1000;
// The most GeoClue's whole-second Timestamp can understate a fix's time.
constexpr double kTimestampGrainMs = 1000;

// Takes the result of a call; null when it was cancelled (the session may be
// gone) or failed (then *error is set).
GVariant* Finish(GObject* source, GAsyncResult* result, GError** error, bool* cancelled) {
  GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, error);
  *cancelled = *error != nullptr && g_error_matches(*error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  return reply;
}

}  // namespace

ClientSession::ClientSession(GDBusConnection* connection, SessionSettings settings, SessionListener listener)
    : m_connection(G_DBUS_CONNECTION(g_object_ref(connection))),
      m_settings(std::move(settings)),
      m_listener(std::move(listener)),
      m_cancellable(g_cancellable_new()) {}

ClientSession::~ClientSession() {
  End();
  g_object_unref(m_cancellable);
  g_object_unref(m_connection);
}

void ClientSession::Begin() {
  g_dbus_connection_call(m_connection, kGeoClueName, kManagerPath, kManagerInterface, "CreateClient", nullptr,
                         G_VARIANT_TYPE("(o)"), G_DBUS_CALL_FLAGS_NONE, static_cast<int>(m_settings.agent_wait_ms),
                         m_cancellable, OnCreated, this);
}

void ClientSession::OnCreated(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  bool cancelled = false;
  GVariant* reply = Finish(source, result, &error, &cancelled);
  if (cancelled) return g_error_free(error);
  auto* self = static_cast<ClientSession*>(data);
  if (reply == nullptr) {
    Error mapped = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                       ? NoAgentError(self->m_settings.agent_wait_ms)
                       : ErrorFromGError(error, Step::kCreateClient, self->m_settings.desktop_id);
    g_error_free(error);
    return self->Fail(mapped);
  }
  const gchar* path = nullptr;
  g_variant_get(reply, "(&o)", &path);
  self->m_client_path = path;
  g_variant_unref(reply);
  self->m_signal_id = g_dbus_connection_signal_subscribe(self->m_connection, nullptr, kClientInterface,
                                                         "LocationUpdated", self->m_client_path.c_str(), nullptr,
                                                         G_DBUS_SIGNAL_FLAGS_NONE, OnLocationUpdated, self, nullptr);
  self->SetProperty("DesktopId", g_variant_new_string(self->m_settings.desktop_id.c_str()));
  self->SetProperty("RequestedAccuracyLevel", g_variant_new_uint32(self->m_settings.level));
  // 0 is GeoClue's default (org.freedesktop.GeoClue2.Client.xml): no need to say it.
  if (self->m_settings.distance_threshold_m != 0) {
    self->SetProperty("DistanceThreshold", g_variant_new_uint32(self->m_settings.distance_threshold_m));
  }
  self->CallStart();
}

void ClientSession::SetProperty(const char* name, GVariant* value) {
  g_dbus_connection_call(m_connection, kGeoClueName, m_client_path.c_str(), kPropertiesInterface, "Set",
                         g_variant_new("(ssv)", kClientInterface, name, value), nullptr, G_DBUS_CALL_FLAGS_NONE,
                         kCallTimeoutMs, m_cancellable, OnPropertySet, this);
}

void ClientSession::OnPropertySet(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  bool cancelled = false;
  GVariant* reply = Finish(source, result, &error, &cancelled);
  if (cancelled) return g_error_free(error);
  auto* self = static_cast<ClientSession*>(data);
  if (reply == nullptr) {
    Error mapped = ErrorFromGError(error, Step::kConfigure, self->m_settings.desktop_id);
    g_error_free(error);
    return self->Fail(mapped);
  }
  g_variant_unref(reply);
}

void ClientSession::CallStart() {
  m_prompt_timer = StartTimer(g_main_context_get_thread_default(), kPromptAfterMs, [this] {
    m_prompting = true;
    if (m_listener.on_prompt) m_listener.on_prompt(true);
  });
  g_dbus_connection_call(m_connection, kGeoClueName, m_client_path.c_str(), kClientInterface, "Start", nullptr, nullptr,
                         G_DBUS_CALL_FLAGS_NONE, G_MAXINT, m_cancellable, OnStarted, this);
}

void ClientSession::OnStarted(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  bool cancelled = false;
  GVariant* reply = Finish(source, result, &error, &cancelled);
  if (cancelled) return g_error_free(error);
  auto* self = static_cast<ClientSession*>(data);
  CancelTimer(&self->m_prompt_timer);
  if (self->m_prompting) {
    self->m_prompting = false;
    if (self->m_listener.on_prompt) self->m_listener.on_prompt(false);
  }
  if (reply == nullptr) {
    Error mapped = ErrorFromGError(error, Step::kStart, self->m_settings.desktop_id);
    g_error_free(error);
    return self->Fail(mapped);
  }
  g_variant_unref(reply);
  self->m_started = true;
  if (self->m_listener.on_authorized) self->m_listener.on_authorized();
}

void ClientSession::OnLocationUpdated(GDBusConnection* connection, const gchar* sender, const gchar* /*path*/,
                                      const gchar* /*interface*/, const gchar* /*signal*/, GVariant* parameters,
                                      gpointer data) {
  auto* self = static_cast<ClientSession*>(data);
  if (self->m_ended || !g_variant_is_of_type(parameters, G_VARIANT_TYPE("(oo)"))) return;
  const gchar* location_path = nullptr;
  g_variant_get(parameters, "(&o&o)", nullptr, &location_path);
  self->m_arrivals.push_back(Arrival{NowMs(), !self->m_started});
  g_dbus_connection_call(connection, sender, location_path, kPropertiesInterface, "GetAll",
                         g_variant_new("(s)", kLocationInterface), G_VARIANT_TYPE("(a{sv})"), G_DBUS_CALL_FLAGS_NONE,
                         kCallTimeoutMs, self->m_cancellable, OnLocationRead, self);
}

void ClientSession::OnLocationRead(GObject* source, GAsyncResult* result, gpointer data) {
  GError* error = nullptr;
  bool cancelled = false;
  GVariant* reply = Finish(source, result, &error, &cancelled);
  if (cancelled) return g_error_free(error);
  auto* self = static_cast<ClientSession*>(data);
  Arrival arrival = self->m_arrivals.empty() ? Arrival{NowMs(), true} : self->m_arrivals.front();
  if (!self->m_arrivals.empty()) self->m_arrivals.pop_front();
  if (reply == nullptr) {
    // GeoClue drops a Location object once a newer one exists; a later
    // LocationUpdated follows, so a failed read is not the session's end.
    g_error_free(error);
    return;
  }
  GVariant* properties = g_variant_get_child_value(reply, 0);
  Fix fix;
  bool usable = FixFromProperties(properties, &fix);
  g_variant_unref(properties);
  g_variant_unref(reply);
  if (!usable) return;
  Stamp(&fix, arrival);
  if (!self->m_listener.on_fix) return;
  // A copy, and the last statement: the owner may destroy the session (and
  // its listener) from on_fix.
  auto on_fix = self->m_listener.on_fix;
  on_fix(fix);
}

void ClientSession::Stamp(Fix* fix, const Arrival& arrival) {
  if (fix->timestamp_ms > arrival.at_ms) fix->timestamp_ms = arrival.at_ms;
  if (arrival.held || arrival.at_ms - fix->timestamp_ms >= kTimestampGrainMs) return;
  fix->timestamp_ms = arrival.at_ms;
}

void ClientSession::Fail(const Error& error) {
  if (m_ended) return;
  End();
  auto on_error = std::move(m_listener.on_error);
  // Last statement: the owner may destroy the session from on_error.
  if (on_error) on_error(error);
}

void ClientSession::End() {
  if (m_ended) return;
  m_ended = true;
  g_cancellable_cancel(m_cancellable);
  CancelTimer(&m_prompt_timer);
  if (m_signal_id != 0) g_dbus_connection_signal_unsubscribe(m_connection, m_signal_id);
  m_signal_id = 0;
  if (!m_client_path.empty() && !g_dbus_connection_is_closed(m_connection)) {
    // Not waited for: with no callback GDBus sends it with NO_REPLY_EXPECTED.
    // DeleteClient stops the client too.
    g_dbus_connection_call(m_connection, kGeoClueName, kManagerPath, kManagerInterface, "DeleteClient",
                           g_variant_new("(o)", m_client_path.c_str()), nullptr, G_DBUS_CALL_FLAGS_NONE, -1, nullptr,
                           nullptr, nullptr);
  }
}

}  // namespace whereami::linux_gc
