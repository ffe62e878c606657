/**
 * The simulated backend: pure TypeScript, on every OS. It plays a fixed point
 * or a track, and can be scripted to act as a real location service does:
 * permission states and prompts, services off, failures, latency, requests
 * that never answer. The test kit (node-whereami/testing) is built on it.
 */
import { coarsen } from '../coarsen.js';
import { LocationError, abortError } from '../errors.js';
import type { AccuracyAuthorization, AuthorizationStatus, Location, ProviderName } from '../types.js';
import { backendClosedError } from './closed.js';
import type {
  Backend,
  BackendIdentity,
  Coordinates,
  Place,
  ProviderRequest,
  ProviderWatch,
  ProviderWatchRequest,
  WatchSink,
} from './contract.js';
import { positionAt } from './simulation/playback.js';
import { DEFAULT_SIMULATED_ACCURACY, timeline, type Track } from './simulation/spec.js';
import type { TrackPoint } from './simulation/track-files.js';

/** Accuracy reported while the app holds only reduced (approximate) accuracy. */
export const REDUCED_ACCURACY_METRES = 3000;

export interface SimulatedBackendOptions {
  track: Track;
  provider?: ProviderName;
  /** How often a watch gets a fix while the track moves. Default 1000 ms. */
  updateIntervalMs?: number;
}

/** A fixed position, with any extra fields a fix should carry. */
export type ScriptedPosition = Coordinates & Partial<Omit<Location, 'latitude' | 'longitude' | 'timestamp' | 'provider'>>;

export interface SimulationStats {
  locationRequests: number;
  watchStarts: number;
  activeWatches: number;
  authorizationRequests: number;
  geocodeRequests: number;
}

interface ActiveWatch {
  request: ProviderWatchRequest;
  sink: WatchSink;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
}

export class SimulatedBackend implements Backend {
  readonly info: BackendIdentity;
  readonly #provider: ProviderName;
  readonly #intervalMs: number;
  #track: Track;
  #extras: Partial<Location> = {};
  #clockStart: number | undefined;
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
  readonly #watches = new Set<ActiveWatch>();
  #closed = false;
  #stats = { locationRequests: 0, watchStarts: 0, authorizationRequests: 0, geocodeRequests: 0 };

  constructor(options: SimulatedBackendOptions) {
    this.#track = options.track;
    this.#provider = options.provider ?? 'simulated';
    this.#intervalMs = options.updateIntervalMs ?? 1000;
    this.info = { name: 'simulated', provider: this.#provider, detail: options.track.source };
  }

  // ---- scripting -------------------------------------------------------

  /** Moves to a fixed position; active watches get it at once. */
  setPosition(position: ScriptedPosition): void {
    const { latitude, longitude, accuracy, ...extras } = position;
    this.#track = { points: [{ latitude, longitude, at: 0 }], accuracy: accuracy ?? DEFAULT_SIMULATED_ACCURACY, source: 'scripted' };
    this.#extras = extras;
    this.#clockStart = Date.now();
    for (const watch of this.#watches) this.#emit(watch);
  }

  /** Plays a track from now on (points one second apart unless they carry times). */
  setTrack(points: TrackPoint[], accuracy = DEFAULT_SIMULATED_ACCURACY): void {
    if (points.length === 0) throw new RangeError('setTrack needs at least one point');
    this.#track = { points: timeline(points, 'scripted track'), accuracy, source: 'scripted track' };
    this.#extras = {};
    this.#clockStart = Date.now();
    for (const watch of this.#watches) this.#emit(watch);
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
    for (const watch of [...this.#watches]) {
      this.#stopWatch(watch);
      watch.sink.error(error);
    }
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
    return { ...this.#stats, activeWatches: this.#watches.size };
  }

  // ---- Backend ---------------------------------------------------------

  async getLocation(request: ProviderRequest): Promise<Location> {
    this.#assertOpen();
    if (request.signal.aborted) throw abortError(request.signal);
    // Counted once it is really asked: an aborted or refused call never was.
    this.#stats.locationRequests += 1;
    await this.#ensureAuthorized(request.signal, request.onPrompt);
    const error = this.#nextErrors.shift();
    if (this.#neverAnswer) await waitForAbort(request.signal);
    if (this.#latencyMs > 0) await pause(this.#latencyMs, request.signal);
    if (error) throw error;
    return this.#currentFix(request.approximate === true);
  }

  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    this.#stats.watchStarts += 1;
    const watch: ActiveWatch = { request, sink, timer: undefined, stopped: false };
    this.#watches.add(watch);
    const controller = new AbortController();
    const started = this.#closed ? Promise.reject(backendClosedError(this.info.name)) : this.#ensureAuthorized(controller.signal);
    started.then(
      () => {
        if (watch.stopped) return;
        this.#emit(watch);
        // The listener may have stopped the watch while handling that fix.
        if (watch.stopped) return;
        watch.timer = setInterval(() => this.#tick(watch), this.#intervalMs);
      },
      (error: unknown) => {
        if (watch.stopped) return;
        this.#stopWatch(watch);
        sink.error(error as LocationError);
      },
    );
    return {
      stop: () => {
        controller.abort();
        this.#stopWatch(watch);
      },
    };
  }

  authorizationStatus(): Promise<AuthorizationStatus> {
    if (this.#closed) return Promise.reject(backendClosedError(this.info.name));
    return Promise.resolve(this.#status);
  }

  async requestAuthorization(): Promise<AuthorizationStatus> {
    this.#assertOpen();
    this.#stats.authorizationRequests += 1;
    if (this.#status === 'notDetermined') {
      if (this.#promptDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#promptDelayMs));
      this.#status = this.#permissionAnswer;
    }
    return this.#status;
  }

  locationServicesEnabled(): Promise<boolean> {
    if (this.#closed) return Promise.reject(backendClosedError(this.info.name));
    return Promise.resolve(this.#servicesEnabled);
  }

  accuracyAuthorization(): Promise<AccuracyAuthorization> {
    if (this.#closed) return Promise.reject(backendClosedError(this.info.name));
    return Promise.resolve(this.#accuracyAuthorization);
  }

  reverseGeocode(_point: Coordinates, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(this.#reverseAnswer, signal);
  }

  forwardGeocode(_address: string, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(this.#forwardAnswer, signal);
  }

  close(): void {
    this.#closed = true;
    for (const watch of [...this.#watches]) this.#stopWatch(watch);
  }

  // ---- internals -------------------------------------------------------

  #assertOpen(): void {
    if (this.#closed) throw backendClosedError(this.info.name);
  }

  async #geocode(answer: Place[] | LocationError | undefined, signal: AbortSignal): Promise<Place[]> {
    this.#assertOpen();
    this.#stats.geocodeRequests += 1;
    if (signal.aborted) throw abortError(signal);
    if (this.#latencyMs > 0) await pause(this.#latencyMs, signal);
    if (answer === undefined) {
      throw new LocationError('NOT_SUPPORTED', 'The simulated backend has no geocoder.', {
        hint: 'Script geocoder answers with the test kit, or use a real backend.',
      });
    }
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

  /**
   * An approximate request, or the person's "precise location" switch off
   * (reduced), gets what CoreLocation gives then: an area, not the point, so
   * the same coarsening as every other backend's approximate answer.
   */
  #currentFix(approximate: boolean): Location {
    // One reading of the clock: a tick between two readings put the first fix of a track past its start.
    const now = Date.now();
    this.#clockStart ??= now;
    const here = positionAt(this.#track, now - this.#clockStart);
    const reduced = this.#accuracyAuthorization === 'reduced';
    const fix: Location = {
      ...this.#extras,
      latitude: here.latitude,
      longitude: here.longitude,
      accuracy: reduced ? Math.max(this.#track.accuracy, REDUCED_ACCURACY_METRES) : this.#track.accuracy,
      timestamp: now,
      provider: this.#provider,
    };
    if (here.altitude !== undefined) fix.altitude = here.altitude;
    if (here.speed !== undefined) fix.speed = here.speed;
    if (here.course !== undefined) fix.course = here.course;
    return approximate || reduced ? coarsen(fix) : fix;
  }

  #emit(watch: ActiveWatch): void {
    if (!watch.stopped) watch.sink.location(this.#currentFix(watch.request.approximate === true));
  }

  /** Fixes keep coming while the track moves; a point that holds still says nothing new. */
  #tick(watch: ActiveWatch): void {
    const start = this.#clockStart ?? Date.now();
    const elapsed = Date.now() - start;
    const wasMoving = !positionAt(this.#track, elapsed - this.#intervalMs).ended;
    if (wasMoving) this.#emit(watch);
  }

  #stopWatch(watch: ActiveWatch): void {
    watch.stopped = true;
    if (watch.timer !== undefined) clearInterval(watch.timer);
    this.#watches.delete(watch);
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
