/**
 * The simulated backend: pure TypeScript, on every OS. It plays what
 * WHEREAMI_SIMULATE (or `whereami --simulate`) describes, a fixed point or a
 * track, as a location service that is on and has granted access. Scripting
 * it (permission states, failures, latency, counts) is the test kit's
 * ScriptedBackend (scripted.ts), which extends this class through its
 * protected hooks; this module imports none of it, so the simulated path
 * loads no test code.
 */
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
import { coarsen } from '../coarsen.js';
import { positionAt } from './simulation/playback.js';
import type { Track } from './simulation/spec.js';

export interface SimulatedBackendOptions {
  track: Track;
  provider?: ProviderName;
  /** How often a watch gets a fix while the track moves. Default 1000 ms. */
  updateIntervalMs?: number;
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
  /** Fields a fix carries beyond the track's (a scripted position's altitude, floor, ...). */
  #extras: Partial<Location> = {};
  #clockStart: number | undefined;
  readonly #watches = new Set<ActiveWatch>();
  #closed = false;

  constructor(options: SimulatedBackendOptions) {
    this.#track = options.track;
    this.#provider = options.provider ?? 'simulated';
    this.#intervalMs = options.updateIntervalMs ?? 1000;
    this.info = { name: 'simulated', provider: this.#provider, detail: options.track.source };
  }

  // ---- Backend ---------------------------------------------------------

  async getLocation(request: ProviderRequest): Promise<Location> {
    this.assertOpen();
    if (request.signal.aborted) throw abortError(request.signal);
    if (this.beforeFix) await this.beforeFix(request);
    return this.currentFix(request.approximate === true);
  }

  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    const watch: ActiveWatch = { request, sink, timer: undefined, stopped: false };
    this.#watches.add(watch);
    const controller = new AbortController();
    const started = this.#closed
      ? Promise.reject(backendClosedError(this.info.name))
      : (this.beforeWatch?.(controller.signal) ?? Promise.resolve());
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
    return this.openAnswer<AuthorizationStatus>('authorized');
  }

  requestAuthorization(): Promise<AuthorizationStatus> {
    return this.openAnswer<AuthorizationStatus>('authorized');
  }

  locationServicesEnabled(): Promise<boolean> {
    return this.openAnswer(true);
  }

  accuracyAuthorization(): Promise<AccuracyAuthorization> {
    return this.openAnswer<AccuracyAuthorization>('full');
  }

  reverseGeocode(_point: Coordinates, signal: AbortSignal): Promise<Place[]> {
    return this.#noGeocoder(signal);
  }

  forwardGeocode(_address: string, signal: AbortSignal): Promise<Place[]> {
    return this.#noGeocoder(signal);
  }

  close(): void {
    this.#closed = true;
    for (const watch of [...this.#watches]) this.#stopWatch(watch);
  }

  // ---- hooks for the test kit's ScriptedBackend -------------------------

  /** What a location request goes through before its fix (the player has nothing to go through). */
  protected beforeFix?(request: ProviderRequest): Promise<void>;

  /** What a watch goes through before its first fix (the player has nothing to go through). */
  protected beforeWatch?(signal: AbortSignal): Promise<void>;

  protected assertOpen(): void {
    if (this.#closed) throw backendClosedError(this.info.name);
  }

  /** A state query's answer: `value`, or the closed error once close() ran. */
  protected openAnswer<T>(value: T): Promise<T> {
    if (this.#closed) return Promise.reject(backendClosedError(this.info.name));
    return Promise.resolve(value);
  }

  /** Plays `track` from now on, its fixes carrying `extras`; active watches get its first fix at once. */
  protected play(track: Track, extras: Partial<Location> = {}): void {
    this.#track = track;
    this.#extras = extras;
    this.#clockStart = Date.now();
    for (const watch of this.#watches) this.#emit(watch);
  }

  /** Ends every active watch with this error. */
  protected endWatches(error: LocationError): void {
    for (const watch of [...this.#watches]) {
      this.#stopWatch(watch);
      watch.sink.error(error);
    }
  }

  protected get activeWatchCount(): number {
    return this.#watches.size;
  }

  /** The track's position now; an approximate one is coarsened as every backend's approximate answer is. */
  protected currentFix(approximate: boolean): Location {
    // One reading of the clock: a tick between two readings put the first fix of a track past its start.
    const now = Date.now();
    this.#clockStart ??= now;
    const here = positionAt(this.#track, now - this.#clockStart);
    const fix: Location = {
      ...this.#extras,
      latitude: here.latitude,
      longitude: here.longitude,
      accuracy: this.#track.accuracy,
      timestamp: now,
      provider: this.#provider,
    };
    if (here.altitude !== undefined) fix.altitude = here.altitude;
    if (here.speed !== undefined) fix.speed = here.speed;
    if (here.course !== undefined) fix.course = here.course;
    return approximate ? coarsen(fix) : fix;
  }

  // ---- internals -------------------------------------------------------

  #noGeocoder(signal: AbortSignal): Promise<never> {
    if (this.#closed) return Promise.reject(backendClosedError(this.info.name));
    return Promise.reject(signal.aborted ? abortError(signal) : noGeocoderError());
  }

  #emit(watch: ActiveWatch): void {
    if (!watch.stopped) watch.sink.location(this.currentFix(watch.request.approximate === true));
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

/** What a geocoder request gets from a simulation with no geocoder answers scripted. */
export function noGeocoderError(): LocationError {
  return new LocationError('NOT_SUPPORTED', 'The simulated backend has no geocoder.', {
    hint: 'Script geocoder answers with the test kit, or use a real backend.',
  });
}
