/**
 * Adapts a NativeProvider (the in-process addon, or the helper process
 * speaking the same contract) to the Backend contract: promises, AbortSignal,
 * LocationError, and a last check that no negative sentinel slips through.
 */
import { LocationError, abortError, isLocationErrorCode } from '../errors.js';
import { backendClosedError } from './closed.js';
import { AUTHORIZATION_STATUSES, type AccuracyAuthorization, type AuthorizationStatus, type Location } from '../types.js';
import {
  onCancelled,
  type Backend,
  type BackendIdentity,
  type Coordinates,
  type Place,
  type ProviderRequest,
  type ProviderWatch,
  type ProviderWatchRequest,
  type WatchSink,
} from './contract.js';
import { CORELOCATION_HINTS } from './hints/corelocation.js';
import { geoclueHint } from './hints/geoclue.js';
import type { NativeError, NativeFix, NativePlace, NativeProvider } from './native-binding.js';

/** Each provider's hints live with that provider (./hints/). */
export function providerHint(provider: Location['provider'], code: string, error?: NativeError): string | undefined {
  if (provider === 'geoclue') return geoclueHint(code, error);
  return provider === 'corelocation' ? CORELOCATION_HINTS[code] : undefined;
}

export function toLocationError(error: NativeError, provider: Location['provider'] = 'corelocation'): LocationError {
  const code = isLocationErrorCode(error.code) ? error.code : 'BACKEND_FAILURE';
  const hint = providerHint(provider, code, error);
  return new LocationError(code, error.message || `The native provider failed (${error.code}).`, {
    ...(hint === undefined ? {} : { hint }),
    cause: error,
  });
}

/** A number worth keeping: native code sends NaN or a negative sentinel for "unknown". */
const isKnown = (value: number | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
const isKnownNonNegative = (value: number | undefined): value is number => isKnown(value) && value >= 0;

export function toLocation(fix: NativeFix, provider: Location['provider']): Location {
  const location: Location = {
    latitude: fix.latitude,
    longitude: fix.longitude,
    accuracy: fix.accuracy,
    // Whole milliseconds, as Date.now() and the W3C EpochTimeStamp count
    // them: a provider's sub-millisecond stamp could otherwise read as later
    // than a Date.now() taken after the fix arrived.
    timestamp: Math.floor(fix.timestamp),
    provider,
  };
  // Field by field, not a loop over key names: this runs for every fix, and
  // named property reads stay monomorphic where keyed ones do not.
  if (isKnownNonNegative(fix.altitudeAccuracy)) location.altitudeAccuracy = fix.altitudeAccuracy;
  if (isKnownNonNegative(fix.speed)) location.speed = fix.speed;
  if (isKnownNonNegative(fix.speedAccuracy)) location.speedAccuracy = fix.speedAccuracy;
  if (isKnownNonNegative(fix.course)) location.course = fix.course;
  if (isKnownNonNegative(fix.courseAccuracy)) location.courseAccuracy = fix.courseAccuracy;
  if (isKnown(fix.altitude)) location.altitude = fix.altitude;
  if (isKnown(fix.ellipsoidalAltitude)) location.ellipsoidalAltitude = fix.ellipsoidalAltitude;
  if (isKnown(fix.floor)) location.floor = fix.floor;
  if (fix.simulated === true) location.simulated = true;
  if (fix.reduced === true) location.approximate = true;
  return location;
}

function toPlace(place: NativePlace): Place {
  return Object.fromEntries(Object.entries(place).filter(([, value]) => value !== undefined && value !== null)) as Place;
}

// How long requestAuthorization() waits for a prompt's answer, as long as a
// one-shot request waits for one (DEFAULT_PROMPT_LIMIT_MS): without a usage
// description macOS shows no prompt at all, and the waiter must still settle.
const AUTHORIZATION_LIMIT_MS = 120_000;

const STATUSES: readonly AuthorizationStatus[] = AUTHORIZATION_STATUSES;

function checkStatus(value: string | undefined): AuthorizationStatus {
  if (STATUSES.includes(value as AuthorizationStatus)) return value as AuthorizationStatus;
  throw new LocationError('BACKEND_FAILURE', `The native provider reported an unknown authorization status ${String(value)}.`);
}

/** Calls a Node-style native function and settles a promise with its one answer. */
function call<T>(
  provider: Location['provider'],
  start: (callback: (error: NativeError | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error ? reject(toLocationError(error, provider)) : resolve(value as T)));
  });
}

export class NativeBackend implements Backend {
  readonly #native: NativeProvider;
  #info: BackendIdentity;
  #closed = false;

  constructor(native: NativeProvider, info: BackendIdentity) {
    this.#native = native;
    this.#info = info;
  }

  /** As given, but with the provider and bundle the native side names itself (the helper's hello) once it has. */
  get info(): BackendIdentity {
    const said = this.#native.provider;
    if (said !== undefined && said !== this.#info.provider) this.#info = { ...this.#info, provider: said };
    const bundle = this.#native.bundle;
    if (bundle !== undefined && bundle !== this.#info.bundle) this.#info = { ...this.#info, bundle };
    return this.#info;
  }

  hint(code: string): string | undefined {
    return providerHint(this.info.provider, code);
  }

  getLocation(request: ProviderRequest): Promise<Location> {
    if (this.#closed) return Promise.reject(this.#closedError());
    // The core's requests (onCancel) are never cancelled before they start; reading their signal would make one.
    if (!request.onCancel && request.signal.aborted) return Promise.reject(abortError(request.signal));
    return new Promise((resolve, reject) => {
      let settled = false;
      let stopListening = (): void => undefined;
      const id = this.#native.requestLocation(
        request.accuracy,
        request.maximumAge,
        (error, fix) => {
          settled = true;
          stopListening();
          if (error) reject(error.code === 'ABORTED' ? abortError(request.signal) : toLocationError(error, this.info.provider));
          else if (fix) resolve(toLocation(fix, this.info.provider));
          else reject(new LocationError('BACKEND_FAILURE', 'The native provider answered with neither a fix nor an error.'));
        },
        (pending) => request.onPrompt?.(pending),
        request.approximate,
      );
      if (!settled) stopListening = onCancelled(request, () => this.#native.cancel(id));
    });
  }

  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    if (this.#closed) {
      // The sink hears it after watch() returned, as it hears any other end of a watch.
      let stopped = false;
      queueMicrotask(() => {
        if (!stopped) sink.error(this.#closedError());
      });
      return {
        stop: () => {
          stopped = true;
        },
      };
    }
    let stopped = false;
    const id = this.#native.startWatch(
      request.accuracy,
      request.distanceFilter,
      (fix) => {
        if (!stopped) sink.location(toLocation(fix, this.info.provider));
      },
      (error) => {
        if (stopped) return;
        stopped = true;
        sink.error(toLocationError(error, this.info.provider));
      },
      (pending) => {
        if (!stopped) sink.prompt?.(pending);
      },
      request.approximate,
    );
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.#native.stopWatch(id);
      },
    };
  }

  async authorizationStatus(): Promise<AuthorizationStatus> {
    this.#assertOpen();
    return checkStatus(await call<string>(this.info.provider, (cb) => this.#native.authorizationStatus(cb)));
  }

  async requestAuthorization(): Promise<AuthorizationStatus> {
    this.#assertOpen();
    return checkStatus(
      await call<string>(this.info.provider, (cb) => this.#native.requestAuthorization(cb, AUTHORIZATION_LIMIT_MS)),
    );
  }

  locationServicesEnabled(): Promise<boolean> {
    if (this.#closed) return Promise.reject(this.#closedError());
    return call<boolean>(this.info.provider, (cb) => this.#native.locationServicesEnabled(cb));
  }

  async accuracyAuthorization(): Promise<AccuracyAuthorization> {
    this.#assertOpen();
    const value = await call<string>(this.info.provider, (cb) => this.#native.accuracyAuthorization(cb));
    if (value === 'full' || value === 'reduced') return value;
    throw new LocationError('BACKEND_FAILURE', `The native provider reported an unknown accuracy authorization ${value}.`);
  }

  reverseGeocode(point: Coordinates, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(signal, (cb) => this.#native.reverseGeocode(point.latitude, point.longitude, cb));
  }

  forwardGeocode(address: string, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(signal, (cb) => this.#native.forwardGeocode(address, cb));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close();
  }

  #closedError(): LocationError {
    return backendClosedError(this.info.name);
  }

  #assertOpen(): void {
    if (this.#closed) throw this.#closedError();
  }

  #geocode(signal: AbortSignal, start: (cb: (error: NativeError | null, value?: NativePlace[]) => void) => number): Promise<Place[]> {
    if (this.#closed) return Promise.reject(this.#closedError());
    if (signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.#native.cancel(id);
      const id = start((error, places) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error.code === 'ABORTED' ? abortError(signal) : toLocationError(error, this.info.provider));
        else resolve((places ?? []).map(toPlace));
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
