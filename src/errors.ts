/**
 * The one error class every location failure is reported with.
 *
 * `code` is a stable string a program can switch on; `w3cCode` is the numeric
 * code the W3C Geolocation API uses for the three failures it knows about.
 */

/** Every string `LocationError.code` can take. */
export const LOCATION_ERROR_CODES = [
  'PERMISSION_DENIED',
  'POSITION_UNAVAILABLE',
  'TIMEOUT',
  'SERVICES_DISABLED',
  'UNSUPPORTED_PLATFORM',
  'ABORTED',
  'NOT_SUPPORTED',
  'GEOCODER_RATE_LIMITED',
  'GEOCODER_NOT_FOUND',
  'NETWORK',
  'BACKEND_FAILURE',
  'INVALID_SIMULATION',
] as const;

export type LocationErrorCode = (typeof LOCATION_ERROR_CODES)[number];

/** Codes that say no backend can serve here at all (asking again would fail the same way). */
export function meansNoBackendCanServe(code: LocationErrorCode): boolean {
  return code === 'UNSUPPORTED_PLATFORM' || code === 'INVALID_SIMULATION';
}

/** Numeric codes of the W3C GeolocationPositionError interface. */
export const W3C_CODES = {
  PERMISSION_DENIED: 1,
  POSITION_UNAVAILABLE: 2,
  TIMEOUT: 3,
} as const;

export type W3CErrorCode = (typeof W3C_CODES)[keyof typeof W3C_CODES];

export interface LocationErrorOptions {
  /** What the person can do about it, shown by the CLI under the message. */
  hint?: string;
  cause?: unknown;
}

export class LocationError extends Error {
  override readonly name = 'LocationError';
  readonly code: LocationErrorCode;
  readonly hint: string | undefined;

  constructor(code: LocationErrorCode, message: string, options: LocationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  /**
   * The W3C numeric code for this failure: PERMISSION_DENIED (1),
   * POSITION_UNAVAILABLE (2) or TIMEOUT (3). Services switched off count as
   * denied, as browsers report them; failures the W3C API has no word for
   * (an unsupported platform, a crashed backend) count as unavailable.
   * Undefined for ABORTED, which the W3C API never reports.
   */
  get w3cCode(): W3CErrorCode | undefined {
    switch (this.code) {
      case 'PERMISSION_DENIED':
      case 'SERVICES_DISABLED':
        return W3C_CODES.PERMISSION_DENIED;
      case 'TIMEOUT':
        return W3C_CODES.TIMEOUT;
      case 'ABORTED':
        return undefined;
      default:
        return W3C_CODES.POSITION_UNAVAILABLE;
    }
  }

  toJSON(): { name: string; code: LocationErrorCode; message: string; hint?: string } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

export function isLocationErrorCode(value: unknown): value is LocationErrorCode {
  return typeof value === 'string' && (LOCATION_ERROR_CODES as readonly string[]).includes(value);
}

/** The error an aborted request rejects with, carrying the signal's reason. */
export function abortError(signal: AbortSignal): LocationError {
  return new LocationError('ABORTED', 'The location request was aborted.', {
    cause: signal.reason,
  });
}

/** Providers should reject with LocationError; anything else is a backend bug, said as such. */
export function asLocationError(error: unknown): LocationError {
  if (error instanceof LocationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LocationError('BACKEND_FAILURE', `The location backend failed: ${message}`, { cause: error });
}
