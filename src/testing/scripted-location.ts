/**
 * The scripted location behind node-whereami/testing: a ScriptedBackend
 * (provider 'scripted') routed in front of every backend choice of the
 * process-wide locator, so app code that calls getLocation(), watchLocation()
 * or navigator.geolocation gets scripted answers through the real core
 * (cache, coalescing, timeouts), on any OS, with no native code.
 */
import type { Place } from '../backends/contract.js';
import type { TrackPoint } from '../backends/simulation/track-files.js';
import { defaultLocator, defaultRegistry } from '../default-locator.js';
import { LocationError, isLocationErrorCode, type LocationErrorCode } from '../errors.js';
import { checkCoordinates } from '../geo.js';
import { AUTHORIZATION_STATUSES, type AccuracyAuthorization, type AuthorizationStatus } from '../types.js';
import { describe } from '../describe.js';
import { ScriptedBackend, type ScriptedPosition, type SimulationStats } from '../backends/scripted.js';

export type { ScriptedPosition, SimulationStats } from '../backends/scripted.js';
export type { TrackPoint } from '../backends/simulation/track-files.js';

export interface ScriptedLocationOptions {
  /** How often a watch gets a fix while a track moves. Default 1000 ms. */
  updateIntervalMs?: number;
}

const STATUSES: readonly AuthorizationStatus[] = AUTHORIZATION_STATUSES;
const NUMERIC_FIELDS = [
  'accuracy',
  'altitude',
  'ellipsoidalAltitude',
  'altitudeAccuracy',
  'speed',
  'speedAccuracy',
  'course',
  'courseAccuracy',
  'floor',
] as const;

/** Messages a scripted failure carries when the test gives only a code. */
const DEFAULT_MESSAGES: Partial<Record<LocationErrorCode, string>> = {
  PERMISSION_DENIED: 'Location access was denied (scripted).',
  POSITION_UNAVAILABLE: 'The position could not be determined (scripted).',
  TIMEOUT: 'No location fix arrived in time (scripted).',
  SERVICES_DISABLED: 'Location Services are turned off (scripted).',
  NETWORK: 'The location service could not be reached (scripted).',
};


function checkPosition(value: unknown, what: string): ScriptedPosition {
  checkCoordinates(value, what);
  const position = value as Record<string, unknown>;
  for (const key of NUMERIC_FIELDS) {
    const field = position[key];
    if (field === undefined) continue;
    if (typeof field !== 'number' || !Number.isFinite(field)) {
      throw new TypeError(`${what}.${key} must be a finite number, got ${describe(field)}`);
    }
  }
  if (position['accuracy'] !== undefined && !((position['accuracy'] as number) > 0)) {
    throw new RangeError(`${what}.accuracy must be above 0 metres, got ${describe(position['accuracy'])}`);
  }
  return { ...(position as unknown as ScriptedPosition) };
}

function checkMilliseconds(value: unknown, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${what} must be a number of milliseconds, got ${describe(value)}`);
  }
  if (value < 0 || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a finite number of milliseconds, 0 or more, got ${value}`);
  }
  return value;
}

function checkStatus(value: unknown, what: string): AuthorizationStatus {
  if (!(STATUSES as readonly unknown[]).includes(value)) {
    throw new RangeError(`${what} must be one of ${STATUSES.join(', ')}, got ${describe(value)}`);
  }
  return value as AuthorizationStatus;
}

function toError(error: unknown, message: string | undefined, what: string): LocationError {
  if (error instanceof LocationError) return error;
  if (typeof error !== 'string') {
    throw new TypeError(`${what} takes a LocationError or an error code string, got ${describe(error)}`);
  }
  if (!isLocationErrorCode(error)) throw new RangeError(`${what}: ${JSON.stringify(error)} is not a LocationError code`);
  return new LocationError(error, message ?? DEFAULT_MESSAGES[error] ?? `Scripted ${error} failure.`);
}

function checkPlaces(value: unknown, what: string): Place[] | LocationError | undefined {
  if (value === undefined || value instanceof LocationError) return value;
  if (!Array.isArray(value)) {
    throw new TypeError(`${what} must be an array of places or a LocationError, got ${describe(value)}`);
  }
  value.forEach((place, index) => checkCoordinates(place, `${what}[${index}]`));
  return value as Place[];
}

let current: ScriptedLocation | undefined;

/**
 * Controls the scripted location. Every method applies at once, to the
 * requests and watches that follow (and, for a new position, to active
 * watches). Obtained from installScriptedLocation().
 */
export class ScriptedLocation {
  readonly #initial: ScriptedPosition;
  readonly #intervalMs: number;
  #backend: ScriptedBackend;
  #installed = true;

  private constructor(initial: ScriptedPosition, intervalMs: number) {
    this.#initial = initial;
    this.#intervalMs = intervalMs;
    this.#backend = this.#fresh();
  }

  /** @internal Used by installScriptedLocation. */
  static install(position: unknown, options: unknown): ScriptedLocation {
    const initial = checkPosition(position, 'position');
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`options must be an object, got ${describe(options)}`);
    }
    const { updateIntervalMs = 1000 } = (options ?? {}) as ScriptedLocationOptions;
    const interval = checkMilliseconds(updateIntervalMs, 'options.updateIntervalMs');
    if (interval === 0) throw new RangeError('options.updateIntervalMs must be above 0 milliseconds');
    current?.uninstall();
    const scripted = new ScriptedLocation(initial, interval);
    current = scripted;
    defaultRegistry.setOverride(scripted.#backend);
    defaultLocator.clearCache();
    return scripted;
  }

  /** Moves to a fixed position; active watches get it at once. */
  setPosition(position: ScriptedPosition): void {
    this.#live().setPosition(checkPosition(position, 'position'));
  }

  /** Plays a track from now on: points one second apart unless every point has a `time` (ms since the epoch). */
  setTrack(points: TrackPoint[], accuracy?: number): void {
    if (!Array.isArray(points) || points.length === 0) {
      throw new TypeError(`setTrack needs a non-empty array of points, got ${describe(points)}`);
    }
    points.forEach((point, index) => checkCoordinates(point, `points[${index}]`));
    if (accuracy !== undefined && !(typeof accuracy === 'number' && accuracy > 0 && Number.isFinite(accuracy))) {
      throw new RangeError(`accuracy must be a finite number of metres above 0, got ${describe(accuracy)}`);
    }
    this.#live().setTrack(points, accuracy);
  }

  /** The app's permission now. 'denied' and 'restricted' end active watches with PERMISSION_DENIED. */
  setAuthorizationStatus(status: AuthorizationStatus): void {
    this.#live().setAuthorizationStatus(checkStatus(status, 'status'));
  }

  /** While the status is 'notDetermined', a request shows a "prompt" that gets this answer after `delayMs`. */
  setPermissionAnswer(answer: AuthorizationStatus, delayMs = 0): void {
    this.#live().setPermissionAnswer(checkStatus(answer, 'answer'), checkMilliseconds(delayMs, 'delayMs'));
  }

  /** Location Services on or off for the whole system; off ends active watches with SERVICES_DISABLED. */
  setServicesEnabled(enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw new TypeError(`enabled must be a boolean, got ${describe(enabled)}`);
    this.#live().setServicesEnabled(enabled);
  }

  /** 'reduced' makes fixes approximate (3 km), as an OS does when its "precise location" switch is off. */
  setAccuracyAuthorization(value: AccuracyAuthorization): void {
    if (value !== 'full' && value !== 'reduced') {
      throw new RangeError(`accuracy authorization must be 'full' or 'reduced', got ${describe(value)}`);
    }
    this.#live().setAccuracyAuthorization(value);
  }

  /**
   * The next provider request fails with this error (a code such as
   * 'POSITION_UNAVAILABLE', or a LocationError). Calls queue up, one per
   * request. Callers the core coalesces into one request all get it.
   */
  failNext(error: LocationErrorCode | LocationError, message?: string): void {
    this.#live().failNext(toError(error, message, 'failNext'));
  }

  /** Ends every active watch with this error. */
  failWatches(error: LocationErrorCode | LocationError, message?: string): void {
    this.#live().failWatches(toError(error, message, 'failWatches'));
  }

  /** Every provider request (and geocoder answer) takes this long. */
  setLatency(ms: number): void {
    this.#live().setLatency(checkMilliseconds(ms, 'latency'));
  }

  /** While true, provider requests never answer: callers see their own timeout. */
  setNeverAnswer(never: boolean): void {
    if (typeof never !== 'boolean') throw new TypeError(`never must be a boolean, got ${describe(never)}`);
    this.#live().setNeverAnswer(never);
  }

  /** What reverseGeocode() and forwardGeocode() answer: places, or a LocationError to fail with. */
  setGeocoderAnswers(answers: { reverse?: Place[] | LocationError; forward?: Place[] | LocationError }): void {
    if (answers === null || typeof answers !== 'object') {
      throw new TypeError(`answers must be an object, got ${describe(answers)}`);
    }
    const reverse = checkPlaces(answers.reverse, 'answers.reverse');
    const forward = checkPlaces(answers.forward, 'answers.forward');
    this.#live().setGeocoderAnswers({
      ...(reverse === undefined ? {} : { reverse }),
      ...(forward === undefined ? {} : { forward }),
    });
  }

  /** How many location requests reached the provider (after the core's cache and coalescing). */
  get requestCount(): number {
    return this.#live().stats.locationRequests;
  }

  /** Provider requests, watch starts, active watches, permission requests and geocoder requests so far. */
  get stats(): SimulationStats {
    return this.#live().stats;
  }

  /** False once uninstall() ran (or another installScriptedLocation() replaced this one). */
  get installed(): boolean {
    return this.#installed;
  }

  /**
   * Back to the state install left: the installed position, authorized,
   * services on, full accuracy, no latency, no queued failures, counters at
   * zero, and the core's cache of fixes emptied. Active watches end with
   * ABORTED. Call it between tests.
   */
  reset(): void {
    const old = this.#live();
    this.#backend = this.#fresh();
    defaultRegistry.setOverride(this.#backend);
    defaultLocator.clearCache();
    retire(old);
  }

  /** Restores the normal backend choice and empties the core's cache. Safe to call twice. */
  uninstall(): void {
    if (!this.#installed) return;
    this.#installed = false;
    if (current === this) {
      current = undefined;
      defaultRegistry.setOverride(undefined);
    }
    defaultLocator.clearCache();
    retire(this.#backend);
  }

  #fresh(): ScriptedBackend {
    const backend = new ScriptedBackend({
      track: { points: [{ latitude: 0, longitude: 0, at: 0 }], accuracy: 1, source: 'scripted' },
      provider: 'scripted',
      updateIntervalMs: this.#intervalMs,
    });
    backend.setPosition(this.#initial);
    return backend;
  }

  #live(): ScriptedBackend {
    if (!this.#installed) {
      throw new Error('This scripted location was uninstalled; install a new one with installScriptedLocation().');
    }
    return this.#backend;
  }
}

/** Watches left running would keep timers alive and hang the test runner: end them, saying why. */
function retire(backend: ScriptedBackend): void {
  backend.failWatches(new LocationError('ABORTED', 'The scripted location was reset or uninstalled by the test kit.'));
  backend.close();
}

/**
 * Routes every location request of this process (getLocation, watchLocation,
 * subscribeLocation, the geolocation facade, permission and geocoder calls)
 * to a scripted provider at `position`, replacing any scripted location
 * installed before. Call `uninstall()` when done (e.g. in afterEach).
 * @throws TypeError or RangeError for a bad position or option, naming it.
 */
export function installScriptedLocation(position: ScriptedPosition, options?: ScriptedLocationOptions): ScriptedLocation {
  return ScriptedLocation.install(position, options);
}
