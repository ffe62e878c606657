/**
 * The W3C Geolocation interface over the package's one locator core: the
 * core's cache serves `maximumAge`, its coalescing shares provider requests,
 * its timeouts (paused while a permission prompt is on screen) serve
 * `timeout`. This file only walks the spec's algorithms ("request a
 * position", "acquire a position", "call back with error") on top of it.
 */
import { defaultLocator } from '../default-locator.js';
import { LocationError, asLocationError, meansNoBackendCanServe } from '../errors.js';
import type { Location } from '../types.js';
import type { Subscription } from '../watch-hub.js';
import { GeolocationPositionError, INTERNAL, toPositionError } from './errors.js';
import {
  convertPositionOptions,
  coreRequestOptions,
  toLong,
  type ConvertedPositionOptions,
  type PositionOptions,
} from './options.js';
import { createPosition, type GeolocationPosition } from './position.js';
import { describe } from '../describe.js';

export type PositionCallback = (position: GeolocationPosition) => void;
export type PositionErrorCallback = (error: GeolocationPositionError) => void;

interface WatchState {
  active: boolean;
  subscription: Subscription | undefined;
  /** Cancels the first acquisition when the watch is cleared before it ends. */
  controller: AbortController;
  /** The last fix reported, so an unchanged position is not reported again. */
  last: Location | undefined;
}

/** The spec's "queue a task on the geolocation task source": callbacks never run inside the caller's call. */
function queueTask(step: () => void): void {
  setImmediate(step);
}

function checkSuccess(value: unknown, method: string, count: number): PositionCallback {
  if (count < 1) throw new TypeError(`${method}: 1 argument required (successCallback), but only 0 present`);
  if (typeof value !== 'function') {
    throw new TypeError(`${method}: successCallback must be a function, got ${describe(value)}`);
  }
  return value as PositionCallback;
}

function checkError(value: unknown, method: string): PositionErrorCallback | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'function') {
    throw new TypeError(`${method}: errorCallback must be a function or null, got ${describe(value)}`);
  }
  return value as PositionErrorCallback;
}

function sameFix(a: Location | undefined, b: Location): boolean {
  return (
    a !== undefined &&
    a.latitude === b.latitude &&
    a.longitude === b.longitude &&
    a.accuracy === b.accuracy &&
    a.altitude === b.altitude &&
    a.ellipsoidalAltitude === b.ellipsoidalAltitude &&
    a.altitudeAccuracy === b.altitudeAccuracy &&
    a.speed === b.speed &&
    a.course === b.course
  );
}

/**
 * timeout 0: the timeout elapses as acquisition begins, so only a cached
 * position can succeed, and the provider is not asked for a fix. Permission is
 * still requested first, as the spec's "request a position" does.
 */
async function acquireWithoutWaiting(options: ConvertedPositionOptions): Promise<Location> {
  // The permission step runs as for any request (the core's prompt limit and hints); only the fix comes from the cache.
  await defaultLocator.ensureAccess('auto');
  const cached = defaultLocator.cachedLocation(coreRequestOptions(options));
  if (cached) return cached;
  throw new LocationError(
    'TIMEOUT',
    `timeout is 0 and no cached position is recent enough (maximumAge ${options.maximumAge} ms).`,
  );
}

/** The spec's "acquire a position", on the core. */
async function acquire(options: ConvertedPositionOptions, signal?: AbortSignal): Promise<Location> {
  try {
    if (options.timeout === 0) return await acquireWithoutWaiting(options);
    return await defaultLocator.getLocation(coreRequestOptions(options, signal));
  } catch (error) {
    throw asLocationError(error);
  }
}

export class Geolocation {
  readonly #watches = new Map<number, WatchState>();
  #lastWatchId = 0;

  /** @throws TypeError: scripts cannot construct it; use the `geolocation` object. */
  constructor(token: typeof INTERNAL) {
    if (token !== INTERNAL) throw new TypeError('Illegal constructor');
  }

  /**
   * Gets the position once: `successCallback` or `errorCallback` is called
   * exactly once, later, never during this call.
   * @throws TypeError for a missing or non-callable successCallback, a non-callable
   *   errorCallback, or options that are not an object or have an unconvertible member.
   */
  getCurrentPosition(
    successCallback: PositionCallback,
    errorCallback?: PositionErrorCallback | null,
    options?: PositionOptions | null,
  ): void {
    const self = Geolocation.#brand(this, 'getCurrentPosition');
    const method = 'getCurrentPosition';
    const success = checkSuccess(successCallback, method, arguments.length);
    const failure = checkError(errorCallback, method);
    const converted = convertPositionOptions(options, method);
    acquire(converted).then(
      (fix) => {
        const position = createPosition(fix);
        queueTask(() => success.call(undefined, position));
      },
      (error: unknown) => self.#callBackWithError(failure, error),
    );
  }

  /**
   * Reports the position now and whenever it changes, until clearWatch(id).
   * The first position comes from a one-shot request (so maximumAge, timeout
   * and the permission prompt behave as in getCurrentPosition); later ones
   * from the core's shared watch, with `timeout` bounding each wait (a TIMEOUT
   * error does not end the watch). A PERMISSION_DENIED error ends it.
   * @returns the watch id, an integer above 0.
   * @throws TypeError as getCurrentPosition does.
   */
  watchPosition(
    successCallback: PositionCallback,
    errorCallback?: PositionErrorCallback | null,
    options?: PositionOptions | null,
  ): number {
    const self = Geolocation.#brand(this, 'watchPosition');
    const method = 'watchPosition';
    const success = checkSuccess(successCallback, method, arguments.length);
    const failure = checkError(errorCallback, method);
    const converted = convertPositionOptions(options, method);

    self.#lastWatchId += 1;
    const id = self.#lastWatchId;
    const state: WatchState = {
      active: true,
      subscription: undefined,
      controller: new AbortController(),
      last: undefined,
    };
    self.#watches.set(id, state);

    const report = (fix: Location): void => {
      if (!state.active || sameFix(state.last, fix)) return;
      state.last = fix;
      const position = createPosition(fix);
      queueTask(() => {
        if (state.active) success.call(undefined, position);
      });
    };
    const fail = (error: unknown): void => {
      if (!state.active) return;
      const positionError = toPositionError(error);
      if (!positionError) return;
      // The spec removes the watch on denial, and still reports the denial; any
      // other failure leaves it registered, and clearWatch silences its report.
      const denied = positionError.code === GeolocationPositionError.PERMISSION_DENIED;
      if (denied) self.#forget(id);
      self.#callBackWithError(failure, positionError, () => denied || state.active);
    };

    acquire(converted, state.controller.signal)
      .then(
        (fix) => {
          report(fix);
          return true;
        },
        (error: LocationError) => {
          fail(error);
          // Nothing can serve here at all: a watch would only fail the same way again.
          return !meansNoBackendCanServe(error.code);
        },
      )
      .then((watchOn) => {
        if (watchOn && state.active) self.#subscribe(state, converted, report, fail);
      })
      .catch(fail);
    return id;
  }

  /**
   * Stops the watch with this id; an unknown id does nothing.
   * @throws TypeError when called without an argument or with one that cannot become a number.
   */
  clearWatch(watchId: number): void {
    const self = Geolocation.#brand(this, 'clearWatch');
    if (arguments.length < 1) throw new TypeError('clearWatch: 1 argument required (watchId), but only 0 present');
    self.#forget(toLong(watchId, 'clearWatch: watchId'));
  }

  get [Symbol.toStringTag](): string {
    return 'Geolocation';
  }

  /** WebIDL "illegal invocation": the methods only work on a Geolocation. */
  static #brand(target: unknown, method: string): Geolocation {
    // Methods taken off the object (`const { getCurrentPosition } = geolocation`) have no this.
    if (target === null || typeof target !== 'object' || !(#watches in target)) {
      throw new TypeError(`${method}: illegal invocation; call it on the geolocation object`);
    }
    return target;
  }

  #subscribe(
    state: WatchState,
    options: ConvertedPositionOptions,
    report: (fix: Location) => void,
    fail: (error: unknown) => void,
  ): void {
    const { timeout, accuracy, approximate } = coreRequestOptions(options);
    try {
      state.subscription = defaultLocator.watch(
        { timeout, accuracy, approximate },
        {
          location: report,
          error: (error, fatal) => {
            if (fatal) state.subscription = undefined;
            fail(error);
          },
        },
      );
    } catch (error) {
      fail(error);
    }
  }

  #forget(id: number): void {
    const state = this.#watches.get(id);
    if (!state) return;
    this.#watches.delete(id);
    state.active = false;
    state.controller.abort();
    state.subscription?.stop();
    state.subscription = undefined;
  }

  /** The spec's "call back with error": nothing without a callback, or for a failure the API does not report. */
  #callBackWithError(
    callback: PositionErrorCallback | null,
    error: unknown,
    stillWanted: () => boolean = () => true,
  ): void {
    if (callback === null) return;
    const positionError = error instanceof GeolocationPositionError ? error : toPositionError(error);
    if (!positionError) return;
    queueTask(() => {
      if (stillWanted()) callback.call(undefined, positionError);
    });
  }
}

/** The object `navigator.geolocation` is in a browser. */
export const geolocation = new Geolocation(INTERNAL);
