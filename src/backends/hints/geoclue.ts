/**
 * What to do about GeoClue2's failures (Linux): the hints the addon attaches
 * to its errors, the CLI's fallbacks for an error that carries none, and what
 * the addon needs installed. Every Linux fact a hint states lives here.
 */
import type { NativeError } from '../native-binding.js';

/** GeoClue2's messages already say what to do where it matters; these add the desktop's side. */
const GEOCLUE_HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED:
    "Allow location access in the desktop's privacy settings (GNOME: Settings > Privacy > Location Services), or set WHEREAMI_DESKTOP_ID to an app GeoClue allows.",
  SERVICES_DISABLED: 'GeoClue2 must be installed and running, with an agent (such as the desktop\'s) for your user.',
  // A permission prompt nobody answered (the core's prompt limit): the agent shows it.
  PROMPT_TIMEOUT: "Answer the desktop's location prompt, or allow access in its privacy settings (GNOME: Settings > Privacy > Location Services).",
};

/** GeoClue's CreateClient that timed out natively: no agent (native/linux/gc_mapping.cc, NoAgentError). */
const NO_AGENT_HINT =
  'Start a GeoClue agent for your user: log in to a desktop session (it runs one), or run /usr/libexec/geoclue-2.0/demos/agent from geoclue-2-demo.';

export function geoclueHint(code: string, error?: NativeError): string | undefined {
  if (code === 'TIMEOUT' && error?.domain === 'org.freedesktop.GeoClue2') return NO_AGENT_HINT;
  return GEOCLUE_HINTS[code];
}

/** On Linux the addon also needs GeoClue2 running, with an agent. */
export const GEOCLUE_SETUP_HINT =
  'GeoClue2 must run too (apt install geoclue-2.0) with an agent (the desktop\'s, or /usr/libexec/geoclue-2.0/demos/agent).';

/** The CLI's hints for a Linux error that carries none. */
export const GEOCLUE_CLI_HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED:
    'Allow location access for this program in your desktop\'s privacy settings (GNOME: Settings > Privacy > Location Services).',
  SERVICES_DISABLED:
    'Turn Location Services on (GNOME: Settings > Privacy > Location Services) and check that GeoClue runs: systemctl status geoclue.',
  POSITION_UNAVAILABLE: 'Check that GeoClue can reach a location source (Wi-Fi, GPS or its network service).',
};
