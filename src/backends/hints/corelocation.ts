/**
 * What to do about CoreLocation's failures (macOS): the hints the addon and
 * the helper attach to their errors, and the CLI's fallbacks for an error
 * that carries none. Every macOS fact a hint states lives here.
 */

/** The System Settings pane for Location Services, openable with `open`. */
export const MACOS_LOCATION_PANE = 'x-apple.systempreferences:com.apple.preference.security?Privacy_LocationServices';

export const CORELOCATION_HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED: 'Allow location access in System Settings > Privacy & Security > Location Services.',
  SERVICES_DISABLED: 'Turn on Location Services in System Settings > Privacy & Security > Location Services.',
  POSITION_UNAVAILABLE: 'Wi-Fi helps a Mac find itself; try again with Wi-Fi on or in another place.',
  GEOCODER_RATE_LIMITED: 'Apple limits geocoding per app; wait a minute before asking again.',
  // The only NOT_SUPPORTED CoreLocation gives: geocoding in a process whose main thread never runs the main run loop.
  NOT_SUPPORTED:
    "CLGeocoder answers only on the process's main run loop, which a plain Node process never runs: geocode with backend 'auto' or 'helper' (the whereami-helper runs it), or from an Electron main process.",
  // A permission prompt nobody answered (the core's prompt limit).
  PROMPT_TIMEOUT: 'Answer the prompt, or grant access in System Settings > Privacy & Security > Location Services.',
};

/** The CLI's hints for a macOS error that carries none: they may name the command and the pane to open. */
export const CORELOCATION_CLI_HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED: `Allow location access in System Settings > Privacy & Security > Location Services (open "${MACOS_LOCATION_PANE}"), then run whereami again.`,
  SERVICES_DISABLED: `Turn Location Services on in System Settings > Privacy & Security > Location Services (open "${MACOS_LOCATION_PANE}").`,
  POSITION_UNAVAILABLE: 'Turn Wi-Fi on: macOS finds its position from nearby Wi-Fi networks, even without joining one.',
};
