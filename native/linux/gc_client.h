// One GeoClue client session: Manager.CreateClient, then DesktopId,
// RequestedAccuracyLevel, DistanceThreshold (unless 0) and Start sent
// together, then a fix for every LocationUpdated signal until the owner ends
// it. Runs on the provider's GLib thread only.
#ifndef WHEREAMI_LINUX_GC_CLIENT_H_
#define WHEREAMI_LINUX_GC_CLIENT_H_

#include <gio/gio.h>

#include <deque>
#include <functional>
#include <string>

#include "../provider.h"
#include "gc_mapping.h"

namespace whereami::linux_gc {

struct SessionSettings {
  std::string desktop_id;
  AccuracyLevel level = kLevelExact;
  guint32 distance_threshold_m = 0;
  // How long CreateClient may take before it counts as "no agent".
  unsigned agent_wait_ms = 5000;
};

struct SessionListener {
  std::function<void(const Fix&)> on_fix;
  // Called at most once; the session is over by then.
  std::function<void(const Error&)> on_error;
  // Start waits on the agent's AuthorizeApp, which may show a prompt.
  std::function<void(bool)> on_prompt;
  // Start succeeded: the agent let this app in.
  std::function<void()> on_authorized;
};

class ClientSession {
 public:
  ClientSession(GDBusConnection* connection, SessionSettings settings, SessionListener listener);
  // Ends the session without calling the listener.
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  void Begin();
  // Ends the session and reports `error` once. The owner may destroy the
  // session from inside the listener.
  void Fail(const Error& error);

 private:
  static void OnCreated(GObject* source, GAsyncResult* result, gpointer data);
  static void OnPropertySet(GObject* source, GAsyncResult* result, gpointer data);
  static void OnStarted(GObject* source, GAsyncResult* result, gpointer data);
  static void OnLocationRead(GObject* source, GAsyncResult* result, gpointer data);
  static void OnLocationUpdated(GDBusConnection* connection, const gchar* sender, const gchar* path,
                                const gchar* interface, const gchar* signal, GVariant* parameters, gpointer data);

  // Sends one Set without waiting for it; a failure ends the session.
  void SetProperty(const char* name, GVariant* value);
  struct Arrival {
    double at_ms;
    // Signalled before the Start reply: a location GeoClue already held.
    bool held;
  };
  // When the fix was made, as well as GeoClue lets us know (see the .cc).
  static void Stamp(Fix* fix, const Arrival& arrival);
  void CallStart();
  // Cancels calls, drops the signal, deletes the GeoClue client; idempotent.
  void End();

  GDBusConnection* m_connection;
  SessionSettings m_settings;
  SessionListener m_listener;
  GCancellable* m_cancellable;
  std::string m_client_path;
  guint m_signal_id = 0;
  GSource* m_prompt_timer = nullptr;
  bool m_prompting = false;
  bool m_ended = false;
  bool m_started = false;
  // LocationUpdated signals whose Location is being read, oldest first (the
  // replies come back in the order of the calls).
  std::deque<Arrival> m_arrivals;
};

}  // namespace whereami::linux_gc

#endif  // WHEREAMI_LINUX_GC_CLIENT_H_
