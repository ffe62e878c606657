/**
 * GeolocationPositionError as the W3C interface defines it: `code`,
 * `message`, and the three constants on both the interface and its
 * instances. Like a browser's, it is not an Error and cannot be constructed
 * by scripts; only the facade creates one.
 */
import { W3C_CODES, asLocationError, type LocationError, type W3CErrorCode } from '../errors.js';
import { exposeAsInterface } from './webidl.js';

/** Only this module and the facade hold it, so `new GeolocationPositionError()` is illegal elsewhere. */
export const INTERNAL: unique symbol = Symbol('node-whereami geolocation internal');

export class GeolocationPositionError {
  declare readonly PERMISSION_DENIED: 1;
  declare readonly POSITION_UNAVAILABLE: 2;
  declare readonly TIMEOUT: 3;
  static readonly PERMISSION_DENIED = W3C_CODES.PERMISSION_DENIED;
  static readonly POSITION_UNAVAILABLE = W3C_CODES.POSITION_UNAVAILABLE;
  static readonly TIMEOUT = W3C_CODES.TIMEOUT;

  readonly #code: W3CErrorCode;
  readonly #message: string;

  /** @throws TypeError: scripts cannot construct it (WebIDL: no constructor). */
  constructor(token: typeof INTERNAL, code: W3CErrorCode, message: string) {
    if (token !== INTERNAL) throw new TypeError('Illegal constructor');
    this.#code = code;
    this.#message = message;
  }

  /** 1 (PERMISSION_DENIED), 2 (POSITION_UNAVAILABLE) or 3 (TIMEOUT). */
  get code(): W3CErrorCode {
    return this.#code;
  }

  /** For developers, not for the person using the app (as the spec says). */
  get message(): string {
    return this.#message;
  }
}

exposeAsInterface(GeolocationPositionError, 'GeolocationPositionError', ['code', 'message']);

// WebIDL constants: read-only and enumerable on the interface object and on the prototype.
for (const target of [GeolocationPositionError, GeolocationPositionError.prototype]) {
  for (const [name, value] of Object.entries(W3C_CODES)) {
    Object.defineProperty(target, name, { value, writable: false, enumerable: true, configurable: false });
  }
}

/**
 * The W3C error for a core failure, or undefined for one the W3C API never
 * reports (ABORTED: the facade's own cancellation of a cleared watch).
 */
export function toPositionError(error: unknown): GeolocationPositionError | undefined {
  const failure: LocationError = asLocationError(error);
  const code = failure.w3cCode;
  if (code === undefined) return undefined;
  return new GeolocationPositionError(INTERNAL, code, failure.message);
}
