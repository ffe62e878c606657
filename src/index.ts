/**
 * node-whereami: where is this computer?
 *
 * Every function here runs on one shared core (src/locator.ts): the same
 * validation, cache, coalescing and timeouts whatever the backend.
 */
import type { BackendIdentity, Coordinates, Place } from './backends/contract.js';
import { defaultLocator, defaultRegistry } from './default-locator.js';
import { checkCoordinates } from './geo.js';
import { geocodeWith, type GeocodeOptions } from './geocode.js';
import { createLocationWatch, type LocationWatch } from './location-stream.js';
import { normalizeWatchOptions } from './options.js';
import type {
  AccuracyAuthorization,
  AuthorizationStatus,
  BackendChoice,
  Location,
  LocationOptions,
  WatchOptions,
} from './types.js';
import type { Subscription, WatchListener } from './watch-hub.js';

export { LocationError, LOCATION_ERROR_CODES, W3C_CODES } from './errors.js';
export type { LocationErrorCode, LocationErrorOptions, W3CErrorCode } from './errors.js';
export { ACCURACY_LEVELS, BACKEND_NAMES } from './types.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_ACCURACY } from './options.js';
export type {
  Accuracy,
  AccuracyAuthorization,
  AccuracyLevel,
  AuthorizationStatus,
  BackendChoice,
  BackendName,
  Location,
  LocationOptions,
  ProviderName,
  WatchOptions,
} from './types.js';
export type { BackendIdentity, BundleIdentity, Coordinates, Place } from './backends/contract.js';
export type { GeocodeOptions } from './geocode.js';
export type { LocationWatch } from './location-stream.js';
export type { Subscription, WatchListener } from './watch-hub.js';

/** Options of the calls that only need to know which backend to ask. */
export interface BackendOptions {
  backend?: BackendChoice;
}

/**
 * Gets the current position once.
 *
 * Defaults: `timeout` 30000 ms, `maximumAge` 0, `accuracy` 'hundredMeters',
 * `backend` 'auto'. Concurrent calls share one provider request when it can
 * serve them all; a fix no older than `maximumAge` is returned from the cache.
 *
 * @throws TypeError or RangeError (rejected) for a bad option, naming it.
 * @throws LocationError (rejected) with code PERMISSION_DENIED, SERVICES_DISABLED,
 *   POSITION_UNAVAILABLE, TIMEOUT, ABORTED, UNSUPPORTED_PLATFORM, ...
 */
export function getLocation(options?: LocationOptions): Promise<Location> {
  return defaultLocator.getLocation(options);
}

/**
 * Watches the position as an async iterator: `for await (const fix of
 * watchLocation())`. Leaving the loop (`break`, `return()`), `stop()` or
 * aborting `options.signal` ends the watch. The provider watch starts on the
 * first `next()`; watchers share it. A watch waits for ever unless `timeout`
 * is given, which then bounds the wait for each fix.
 *
 * @throws TypeError or RangeError at once for a bad option.
 * @throws LocationError from `next()` when the watch fails (denied, services
 *   off, aborted, timed out).
 */
export function watchLocation(options?: WatchOptions): LocationWatch {
  normalizeWatchOptions(options);
  return createLocationWatch((listener) => defaultLocator.watch(options, listener));
}

/**
 * Watches the position with callbacks. `listener.error(error, fatal)`: a fatal
 * error ends the watch; a TIMEOUT is not fatal and the watch goes on.
 *
 * @throws TypeError or RangeError for a bad option or listener.
 * @throws LocationError (UNSUPPORTED_PLATFORM) when no backend can serve.
 */
export function subscribeLocation(listener: WatchListener, options?: WatchOptions): Subscription {
  if (
    listener === null ||
    typeof listener !== 'object' ||
    typeof listener.location !== 'function' ||
    typeof listener.error !== 'function'
  ) {
    throw new TypeError('listener must be an object with location(fix) and error(error, fatal) methods');
  }
  return defaultLocator.watch(options, listener);
}

/** The one check of a BackendOptions argument, for every function that takes one. */
function backendChoiceOf(options: BackendOptions | undefined): BackendChoice {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('options must be an object');
  }
  // Reuse the one option checker so messages stay alike.
  return normalizeWatchOptions({ backend: options?.backend ?? 'auto' }).backend;
}

function backendOf(options: BackendOptions | undefined): ReturnType<typeof defaultLocator.backendFor> {
  return defaultLocator.backendFor(backendChoiceOf(options));
}

/**
 * This process's location permission, without prompting.
 * @throws LocationError (rejected) when no backend can serve.
 */
export async function getAuthorizationStatus(options?: BackendOptions): Promise<AuthorizationStatus> {
  return backendOf(options).authorizationStatus();
}

/**
 * Asks the OS to show the location permission prompt where it can, and
 * resolves with the status once the person has answered (or at once when
 * they already had).
 * @throws LocationError (rejected) when no backend can serve.
 */
export async function requestAuthorization(options?: BackendOptions): Promise<AuthorizationStatus> {
  return backendOf(options).requestAuthorization();
}

/**
 * Whether Location Services are on for the whole system.
 * @throws LocationError (rejected) when no backend can serve.
 */
export async function locationServicesEnabled(options?: BackendOptions): Promise<boolean> {
  return backendOf(options).locationServicesEnabled();
}

/**
 * 'full', or 'reduced' when the person allowed only an approximate location (where the OS offers that choice).
 * @throws LocationError (rejected) when no backend can serve.
 */
export async function getAccuracyAuthorization(options?: BackendOptions): Promise<AccuracyAuthorization> {
  return backendOf(options).accuracyAuthorization();
}

/**
 * Turns coordinates into addresses, best first.
 * @throws TypeError or RangeError (rejected) for bad coordinates or options.
 * @throws LocationError (rejected): NOT_SUPPORTED, GEOCODER_RATE_LIMITED, NETWORK, TIMEOUT, ...
 */
export async function reverseGeocode(point: Coordinates, options?: GeocodeOptions): Promise<Place[]> {
  const checked = checkCoordinates(point, 'point');
  return geocodeWith(defaultLocator, options, (backend, signal) => backend.reverseGeocode(checked, signal));
}

/**
 * Turns an address into candidate places, best first.
 * @throws TypeError (rejected) when the address is not a non-empty string.
 * @throws LocationError (rejected): GEOCODER_NOT_FOUND, GEOCODER_RATE_LIMITED, NETWORK, TIMEOUT, ...
 */
export async function forwardGeocode(address: string, options?: GeocodeOptions): Promise<Place[]> {
  if (typeof address !== 'string' || address.trim() === '') {
    throw new TypeError(`address must be a non-empty string, got ${JSON.stringify(address) ?? typeof address}`);
  }
  return geocodeWith(defaultLocator, options, (backend, signal) => backend.forwardGeocode(address, signal));
}

/** A backend's identity (BackendIdentity: name, provider, detail, bundle once known), and why it was chosen. */
export interface BackendInfo extends BackendIdentity {
  /** Why this backend was chosen. */
  reason: string;
}

/**
 * Which backend a request would use, and why.
 * @throws LocationError when no backend can serve (its message lists what was tried).
 */
export function getBackendInfo(options?: BackendOptions): BackendInfo {
  const { backend, reason } = defaultRegistry.resolve(backendChoiceOf(options));
  return { ...backend.info, reason };
}

/** Forgets cached fixes, so the next request asks the provider. */
export function clearLocationCache(): void {
  defaultLocator.clearCache();
}
