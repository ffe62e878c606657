/**
 * The scripted backend, the test kit's mock: the simulated player
 * (SimulatedBackend) made to act as a real location service does when a test
 * says so: permission states and prompts, services off, reduced accuracy,
 * queued failures, latency, requests that never answer, geocoder answers, and
 * counts of what reached it. ScriptedLocation (node-whereami/testing) checks
 * a test's arguments and drives one of these; the repository's own tests
 * drive it directly. The WHEREAMI_SIMULATE path never loads this file.
 */
import { coarsen } from '../coarsen.js';
import { LocationError, abortError } from '../errors.js';
import type { AccuracyAuthorization, AuthorizationStatus, Location } from '../types.js';
import type { Coordinates, Place, ProviderRequest, ProviderWatch, ProviderWatchRequest, WatchSink } from './contract.js';
import { SimulatedBackend, noGeocoderError } from './simulated.js';
import { DEFAULT_SIMULATED_ACCURACY, timeline } from './simulation/spec.js';
import type { TrackPoint } from './simulation/track-files.js';

/** Accuracy reported while the app holds only reduced (approximate) accuracy. */
export const REDUCED_ACCURACY_METRES = 3000;

/** A fixed position, with any extra fields a fix should carry. */
export type ScriptedPosition = Coordinates & Partial<Omit<Location, 'latitude' | 'longitude' | 'timestamp' | 'provider'>>;

export interface SimulationStats {
  locationRequests: number;
  watchStarts: number;
  activeWatches: number;
  authorizationRequests: number;
  geocodeRequests: number;
}

export class ScriptedBackend extends SimulatedBackend {
  #status: AuthorizationStatus = 'authorized';
  #permissionAnswer: AuthorizationStatus = 'authorized';
  #promptDelayMs = 0;
  #servicesEnabled = true;
  #accuracyAuthorization: AccuracyAuthorization = 'full';
  #latencyMs = 0;
  #neverAnswer = false;
  #nextErrors: LocationError[] = [];
  #reverseAnswer: Place[] | LocationError | undefined;
  #forwardAnswer: Place[] | LocationError | undefined;
  #stats = { locationRequests: 0, watchStarts: 0, authorizationRequests: 0, geocodeRequests: 0 };

  // ---- scripting -------------------------------------------------------

  /** Moves to a fixed position; active watches get it at once. */
  setPosition(position: ScriptedPosition): void {
    const { latitude, longitude, accuracy, ...extras } = position;
    this.play({ points: [{ latitude, longitude, at: 0 }], accuracy: accuracy ?? DEFAULT_SIMULATED_ACCURACY, source: 'scripted' }, extras);
  }

  /** Plays a track from now on (points one second apart unless they carry times). */
  setTrack(points: TrackPoint[], accuracy = DEFAULT_SIMULATED_ACCURACY): void {
    if (points.length === 0) throw new RangeError('setTrack needs at least one point');
    this.play({ points: timeline(points, 'scripted track'), accuracy, source: 'scripted track' });
  }

  setAuthorizationStatus(status: AuthorizationStatus): void {
    this.#status = status;
    if (status === 'denied' || status === 'restricted') {
      this.failWatches(deniedError());
    }
  }

  /** What the person answers when a prompt is shown, and how long they take. */
  setPermissionAnswer(answer: AuthorizationStatus, delayMs = 0): void {
    this.#permissionAnswer = answer;
    this.#promptDelayMs = delayMs;
  }

  setServicesEnabled(enabled: boolean): void {
    this.#servicesEnabled = enabled;
    if (!enabled) this.failWatches(servicesOffError());
  }

  setAccuracyAuthorization(value: AccuracyAuthorization): void {
    this.#accuracyAuthorization = value;
  }

  /** The next location request fails with this error (queued, one per request). */
  failNext(error: LocationError): void {
    this.#nextErrors.push(error);
  }

  /** Ends every active watch with this error. */
  failWatches(error: LocationError): void {
    this.endWatches(error);
  }

  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  /** While true, location requests never answer (until their caller gives up). */
  setNeverAnswer(never: boolean): void {
    this.#neverAnswer = never;
  }

  setGeocoderAnswers(answers: { reverse?: Place[] | LocationError; forward?: Place[] | LocationError }): void {
    this.#reverseAnswer = answers.reverse;
    this.#forwardAnswer = answers.forward;
  }

  get stats(): SimulationStats {
    return { ...this.#stats, activeWatches: this.activeWatchCount };
  }

  // ---- Backend, scripted -------------------------------------------------

  override watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    this.#stats.watchStarts += 1;
    return super.watch(request, sink);
  }

  override authorizationStatus(): Promise<AuthorizationStatus> {
    return this.openAnswer(this.#status);
  }

  override async requestAuthorization(): Promise<AuthorizationStatus> {
    this.assertOpen();
    this.#stats.authorizationRequests += 1;
    if (this.#status === 'notDetermined') {
      if (this.#promptDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#promptDelayMs));
      this.#status = this.#permissionAnswer;
    }
    return this.#status;
  }

  override locationServicesEnabled(): Promise<boolean> {
    return this.openAnswer(this.#servicesEnabled);
  }

  override accuracyAuthorization(): Promise<AccuracyAuthorization> {
    return this.openAnswer(this.#accuracyAuthorization);
  }

  override reverseGeocode(_point: Coordinates, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(this.#reverseAnswer, signal);
  }

  override forwardGeocode(_address: string, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(this.#forwardAnswer, signal);
  }

  // ---- the player's hooks --------------------------------------------------

  /** Counted once it is really asked (the player refused closed and aborted calls before this). */
  protected override async beforeFix(request: ProviderRequest): Promise<void> {
    this.#stats.locationRequests += 1;
    await this.#ensureAuthorized(request.signal, request.onPrompt);
    const error = this.#nextErrors.shift();
    if (this.#neverAnswer) await waitForAbort(request.signal);
    if (this.#latencyMs > 0) await pause(this.#latencyMs, request.signal);
    if (error) throw error;
  }

  protected override beforeWatch(signal: AbortSignal): Promise<void> {
    return this.#ensureAuthorized(signal);
  }

  /**
   * With the person's "precise location" switch off (reduced), a fix is what
   * CoreLocation gives then: an area of at least REDUCED_ACCURACY_METRES, not
   * the point, coarsened as every other backend's approximate answer is.
   */
  protected override currentFix(approximate: boolean): Location {
    if (this.#accuracyAuthorization !== 'reduced') return super.currentFix(approximate);
    const fix = super.currentFix(false);
    return coarsen({ ...fix, accuracy: Math.max(fix.accuracy, REDUCED_ACCURACY_METRES) });
  }

  // ---- internals -------------------------------------------------------

  async #geocode(answer: Place[] | LocationError | undefined, signal: AbortSignal): Promise<Place[]> {
    this.assertOpen();
    this.#stats.geocodeRequests += 1;
    if (signal.aborted) throw abortError(signal);
    if (this.#latencyMs > 0) await pause(this.#latencyMs, signal);
    if (answer === undefined) throw noGeocoderError();
    if (answer instanceof LocationError) throw answer;
    return answer.map((place) => ({ ...place }));
  }

  async #ensureAuthorized(signal: AbortSignal, onPrompt?: (pending: boolean) => void): Promise<void> {
    if (!this.#servicesEnabled) throw servicesOffError();
    if (this.#status === 'notDetermined') {
      onPrompt?.(true);
      try {
        if (this.#promptDelayMs > 0) await pause(this.#promptDelayMs, signal);
        this.#status = this.#permissionAnswer;
      } finally {
        onPrompt?.(false);
      }
    }
    if (this.#status === 'denied' || this.#status === 'restricted') throw deniedError();
  }
}

function deniedError(): LocationError {
  return new LocationError('PERMISSION_DENIED', 'Location access was denied.', {
    hint: "Allow location access in the system's privacy settings (a simulated denial: the test kit scripted it).",
  });
}

function servicesOffError(): LocationError {
  return new LocationError('SERVICES_DISABLED', 'Location Services are turned off.', {
    hint: "Turn them on in the system's privacy settings (simulated: the test kit turned them off).",
  });
}

/** Waits `ms`, or rejects with ABORTED as soon as the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortError(signal));
    else signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}
