/**
 * The exit codes of `whereami`, one per thing a script may want to tell
 * apart. The README's exit-code table lists these; keep them in step.
 */
import type { LocationErrorCode } from '../errors.js';

export const EXIT = {
  /** A fix (or the asked-for status) was printed; a watch stopped by a signal or a closed stdout. */
  OK: 0,
  /** Any other failure: a backend bug, an unexpected error. */
  FAILURE: 1,
  /** Bad arguments, an unknown --format token, an unreadable simulation spec. Nothing is printed on stdout. */
  USAGE: 2,
  PERMISSION_DENIED: 3,
  SERVICES_DISABLED: 4,
  POSITION_UNAVAILABLE: 5,
  TIMEOUT: 6,
  UNSUPPORTED_PLATFORM: 7,
  /** --address: the fix was printed but no address could be had for it. */
  ADDRESS_UNAVAILABLE: 8,
  /** A one-shot request interrupted by SIGINT (128 + 2), as shells report it. */
  INTERRUPTED_SIGINT: 130,
  /** A one-shot request interrupted by SIGTERM (128 + 15). */
  INTERRUPTED_SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a LocationError of a location request (not of an address lookup). */
export const EXIT_FOR_CODE: Readonly<Record<LocationErrorCode, ExitCode>> = {
  PERMISSION_DENIED: EXIT.PERMISSION_DENIED,
  SERVICES_DISABLED: EXIT.SERVICES_DISABLED,
  POSITION_UNAVAILABLE: EXIT.POSITION_UNAVAILABLE,
  // A provider that cannot reach its service cannot find the position.
  NETWORK: EXIT.POSITION_UNAVAILABLE,
  TIMEOUT: EXIT.TIMEOUT,
  UNSUPPORTED_PLATFORM: EXIT.UNSUPPORTED_PLATFORM,
  INVALID_SIMULATION: EXIT.USAGE,
  // Any failure of an --address lookup exits ADDRESS_UNAVAILABLE; these two
  // come only from geocoders.
  GEOCODER_RATE_LIMITED: EXIT.ADDRESS_UNAVAILABLE,
  GEOCODER_NOT_FOUND: EXIT.ADDRESS_UNAVAILABLE,
  // The backend cannot do what was asked (outside an address lookup).
  NOT_SUPPORTED: EXIT.FAILURE,
  ABORTED: EXIT.FAILURE,
  BACKEND_FAILURE: EXIT.FAILURE,
};

/** The exit code for a signal that interrupted a one-shot request. */
export function exitForSignal(signal: string): ExitCode {
  return signal === 'SIGTERM' ? EXIT.INTERRUPTED_SIGTERM : EXIT.INTERRUPTED_SIGINT;
}
