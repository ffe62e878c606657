/* A GeoClue2 agent for the end-to-end tests: GeoClue serves no client until
 * an agent of the client's user has registered (Manager.AddAgent), even for
 * apps the configuration allows. It exposes MaxAccuracyLevel (--max-level; 0
 * is the desktop's "location services off") and answers AuthorizeApp
 * without a prompt, allowing or, with --deny, refusing (GeoClue 2.6 asks the
 * agent only about Flatpak apps). It registers again whenever GeoClue
 * (re)appears on the bus, so a restarted daemon finds it, and says so on
 * stdout, so the tests know when it is in place.
 *
 * GeoClue's demo agent (geoclue-2-demo) serves the plain case too, and a
 * test uses it, but it cannot be scripted and does not say when it has
 * registered. C on GDBus, the library the provider already needs, rather
 * than a JavaScript D-Bus library, none of which is well kept today.
 *
 * Usage: test_agent [--id ID] [--max-level N] [--deny]; prints "registered"
 * on stdout after each successful AddAgent. Uses DBUS_SYSTEM_BUS_ADDRESS. */
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kIntrospection[] =
    "<node><interface name='org.freedesktop.GeoClue2.Agent'>"
    "<method name='AuthorizeApp'><arg name='desktop_id' type='s' direction='in'/>"
    "<arg name='req_accuracy_level' type='u' direction='in'/>"
    "<arg name='authorized' type='b' direction='out'/>"
    "<arg name='allowed_accuracy_level' type='u' direction='out'/></method>"
    "<property name='MaxAccuracyLevel' type='u' access='read'/>"
    "</interface></node>";

static const char* g_id = "whereami-test-agent";
static guint32 g_max_level = 8;
static gboolean g_deny = FALSE;

static void HandleCall(GDBusConnection* connection, const gchar* sender, const gchar* path, const gchar* interface,
                       const gchar* method, GVariant* parameters, GDBusMethodInvocation* invocation, gpointer data) {
  (void)connection, (void)sender, (void)path, (void)interface, (void)data;
  if (g_strcmp0(method, "AuthorizeApp") != 0) {
    g_dbus_method_invocation_return_dbus_error(invocation, "org.freedesktop.DBus.Error.UnknownMethod", method);
    return;
  }
  const gchar* app = NULL;
  guint32 level = 0;
  g_variant_get(parameters, "(&su)", &app, &level);
  guint32 allowed = level < g_max_level ? level : g_max_level;
  fprintf(stderr, "test_agent: AuthorizeApp(%s, %u) -> %s\n", app, level, g_deny ? "denied" : "allowed");
  g_dbus_method_invocation_return_value(invocation, g_variant_new("(bu)", !g_deny, allowed));
}

static GVariant* GetProperty(GDBusConnection* connection, const gchar* sender, const gchar* path,
                             const gchar* interface, const gchar* name, GError** error, gpointer data) {
  (void)connection, (void)sender, (void)path, (void)interface, (void)data;
  if (g_strcmp0(name, "MaxAccuracyLevel") == 0) return g_variant_new_uint32(g_max_level);
  g_set_error(error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "no property %s", name);
  return NULL;
}

static void OnAdded(GObject* source, GAsyncResult* result, gpointer data) {
  (void)data;
  GError* error = NULL;
  GVariant* reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
  if (reply == NULL) {
    fprintf(stderr, "test_agent: AddAgent failed: %s\n", error->message);
    g_error_free(error);
    return;
  }
  g_variant_unref(reply);
  printf("registered\n");
  fflush(stdout);
}

static void OnGeoClueAppeared(GDBusConnection* connection, const gchar* name, const gchar* owner, gpointer data) {
  (void)name, (void)owner, (void)data;
  g_dbus_connection_call(connection, "org.freedesktop.GeoClue2", "/org/freedesktop/GeoClue2/Manager",
                         "org.freedesktop.GeoClue2.Manager", "AddAgent", g_variant_new("(s)", g_id), NULL,
                         G_DBUS_CALL_FLAGS_NONE, 10000, NULL, OnAdded, NULL);
}

static void OnClosed(GDBusConnection* connection, gboolean vanished, GError* error, gpointer data) {
  (void)connection, (void)vanished, (void)error, (void)data;
  fprintf(stderr, "test_agent: the bus went away\n");
  exit(0);
}

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--id") == 0 && i + 1 < argc) {
      g_id = argv[++i];
    } else if (strcmp(argv[i], "--max-level") == 0 && i + 1 < argc) {
      g_max_level = (guint32)strtoul(argv[++i], NULL, 10);
    } else if (strcmp(argv[i], "--deny") == 0) {
      g_deny = TRUE;
    } else {
      fprintf(stderr, "usage: %s [--id ID] [--max-level N] [--deny]\n", argv[0]);
      return 2;
    }
  }
  GError* error = NULL;
  GDBusConnection* connection = g_bus_get_sync(G_BUS_TYPE_SYSTEM, NULL, &error);
  if (connection == NULL) {
    fprintf(stderr, "test_agent: %s\n", error->message);
    return 1;
  }
  g_dbus_connection_set_exit_on_close(connection, FALSE);
  g_signal_connect(connection, "closed", G_CALLBACK(OnClosed), NULL);
  GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kIntrospection, NULL);
  static const GDBusInterfaceVTable kVTable = {HandleCall, GetProperty, NULL, {0}};
  if (g_dbus_connection_register_object(connection, "/org/freedesktop/GeoClue2/Agent", node->interfaces[0], &kVTable,
                                        NULL, NULL, &error) == 0) {
    fprintf(stderr, "test_agent: %s\n", error->message);
    return 1;
  }
  g_bus_watch_name_on_connection(connection, "org.freedesktop.GeoClue2", G_BUS_NAME_WATCHER_FLAGS_NONE,
                                 OnGeoClueAppeared, NULL, NULL, NULL);
  g_main_loop_run(g_main_loop_new(NULL, FALSE));
  return 0;
}
