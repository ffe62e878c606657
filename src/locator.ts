/**
 * The core every public API sits on, whatever the backend: option checks,
 * the maximumAge cache, coalescing of concurrent requests, timeouts that do
 * not trust the provider, AbortSignal, and watch fan-out (in watch-hub.ts).
 */
import type { Backend } from './backends/contract.js';
import { Deadline, type DeadlineReason } from './deadline.js';
import { LocationError, abortError, asLocationError } from './errors.js';
import { normalizeRequestOptions, normalizeWatchOptions, type NormalizedRequestOptions } from './options.js';
import type { BackendChoice, Location, LocationOptions, WatchOptions } from './types.js';
import { WatchHub, type Subscription, type WatchListener } from './watch-hub.js';

/** Picks the backend for a choice; throws a LocationError when none can serve. */
export type BackendResolver = (choice: BackendChoice) => Backend;

export interface LocatorOptions {
  /** Longest a permission prompt may stay unanswered before a request times out. */
  promptLimitMs?: number;
}

export const DEFAULT_PROMPT_LIMIT_MS = 120_000;

interface Waiter {
  settled: boolean;
  includesPrompt: boolean;
  deadline: Deadline;
  opts: NormalizedRequestOptions;
  /** The oldest fix this caller takes (ms since the epoch): when it asked, less its maximumAge. */
  oldest: number;
  /** The flight it waits on; it may change once (see #startFlight). */
  flight: Flight;
  resolve(fix: Location): void;
  reject(error: unknown): void;
  detachAbort(): void;
}

/** One provider request, shared by every caller that joined it. */
interface Flight {
  accuracy: number;
  maximumAge: number;
  controller: AbortController;
  waiters: Set<Waiter>;
  promptPending: boolean;
  done: boolean;
  startedAt: number;
}

interface CacheEntry {
  generation: number;
  fix: Location;
  /** The accuracy the fix was asked for: a fix asked for 'best' serves every later request. */
  askedAccuracy: number;
}

export class Locator {
  readonly #resolveBackend: BackendResolver;
  readonly #promptLimitMs: number;
  // Weak: a backend the registry or the test kit dropped takes its state with it.
  readonly #cache = new WeakMap<Backend, CacheEntry>();
  readonly #flights = new WeakMap<Backend, Set<Flight>>();
  readonly #hubs = new WeakMap<Backend, WatchHub>();
  /** Bumped by clearCache(): entries of an older generation are ignored. */
  #cacheGeneration = 0;

  constructor(resolveBackend: BackendResolver, options: LocatorOptions = {}) {
    this.#resolveBackend = resolveBackend;
    this.#promptLimitMs = options.promptLimitMs ?? DEFAULT_PROMPT_LIMIT_MS;
  }

  /**
   * One fix. Served from the cache when a fresh enough fix is there, else from
   * a provider request shared with every concurrent caller it can serve.
   * @throws TypeError or RangeError for a bad option; LocationError otherwise.
   */
  async getLocation(options?: LocationOptions): Promise<Location> {
    const opts = normalizeRequestOptions(options);
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const backend = this.#resolveBackend(opts.backend);
    const cached = this.#fromCache(backend, opts);
    if (cached) return cached;
    // As in the W3C API, a zero timeout means "only a cached fix will do".
    if (opts.timeout === 0) throw timeoutError('timeout', 0, this.#promptLimitMs);
    return new Promise<Location>((resolve, reject) => this.#join(backend, opts, resolve, reject));
  }

  /**
   * Watches the position. Many watchers share one provider watch.
   * @throws TypeError or RangeError for a bad option; LocationError when no backend can serve.
   */
  watch(options: WatchOptions | undefined, listener: WatchListener): Subscription {
    const opts = normalizeWatchOptions(options);
    const backend = this.#resolveBackend(opts.backend);
    let hub = this.#hubs.get(backend);
    if (!hub) {
      hub = new WatchHub(
        backend,
        (fix, askedAccuracy) => this.#remember(backend, fix, askedAccuracy),
        (error) => this.#forgetIfRefused(backend, error),
        this.#promptLimitMs,
      );
      this.#hubs.set(backend, hub);
    }
    return hub.add(opts, listener);
  }

  /** The backend a choice resolves to. @throws LocationError when none can serve. */
  backendFor(choice: BackendChoice = 'auto'): Backend {
    return this.#resolveBackend(choice);
  }

  /** Forgets cached fixes (tests, or after the machine has moved). */
  clearCache(): void {
    this.#cacheGeneration += 1;
  }

  /**
   * The cached fix a request with these options would be served, or
   * undefined, without asking the provider: the W3C facade needs it for
   * `timeout: 0`, where only a cached position can win.
   * @throws TypeError or RangeError for a bad option; LocationError when no backend can serve.
   */
  cachedLocation(options?: LocationOptions): Location | undefined {
    const opts = normalizeRequestOptions(options);
    return this.#fromCache(this.#resolveBackend(opts.backend), opts);
  }

  #fromCache(backend: Backend, opts: NormalizedRequestOptions): Location | undefined {
    if (opts.maximumAge <= 0) return undefined;
    const entry = this.#cache.get(backend);
    if (!entry || entry.generation !== this.#cacheGeneration) return undefined;
    const fresh = Date.now() - entry.fix.timestamp <= opts.maximumAge;
    const goodEnough = entry.askedAccuracy <= opts.accuracy || entry.fix.accuracy <= opts.accuracy;
    return fresh && goodEnough ? { ...entry.fix } : undefined;
  }

  #remember(backend: Backend, fix: Location, askedAccuracy: number): void {
    const previous = this.#cache.get(backend);
    if (previous && previous.generation === this.#cacheGeneration && previous.fix.timestamp > fix.timestamp) return;
    this.#cache.set(backend, { generation: this.#cacheGeneration, fix: { ...fix }, askedAccuracy });
  }

  /**
   * Once the provider says access is refused or services are off, a cached
   * fix must not keep answering as if nothing had changed.
   */
  #forgetIfRefused(backend: Backend, error: LocationError): void {
    if (error.code === 'PERMISSION_DENIED' || error.code === 'SERVICES_DISABLED') this.#cache.delete(backend);
  }

  #join(
    backend: Backend,
    opts: NormalizedRequestOptions,
    resolve: (fix: Location) => void,
    reject: (error: unknown) => void,
  ): void {
    const oldest = Date.now() - opts.maximumAge;
    const finish = (outcome: () => void): void => {
      if (waiter.settled) return;
      waiter.settled = true;
      waiter.deadline.cancel();
      waiter.detachAbort();
      const flight = waiter.flight;
      flight.waiters.delete(waiter);
      outcome();
      if (flight.waiters.size === 0 && !flight.done) this.#cancelFlight(backend, flight);
    };
    const waiter: Waiter = {
      settled: false,
      includesPrompt: opts.timeoutIncludesPrompt,
      deadline: new Deadline(opts.timeout, this.#promptLimitMs, (reason) =>
        finish(() => reject(timeoutError(reason, opts.timeout, this.#promptLimitMs))),
      ),
      opts,
      oldest,
      flight: this.#findFlight(backend, opts) ?? this.#startFlight(backend, opts),
      resolve: (fix) => finish(() => resolve(fix)),
      reject: (error) => finish(() => reject(error)),
      detachAbort: () => undefined,
    };
    const signal = opts.signal;
    if (signal) {
      const onAbort = (): void => waiter.reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.detachAbort = () => signal.removeEventListener('abort', onAbort);
    }
    this.#board(waiter, waiter.flight);
  }

  #board(waiter: Waiter, flight: Flight): void {
    waiter.flight = flight;
    if (flight.promptPending && !waiter.includesPrompt) waiter.deadline.pause();
    flight.waiters.add(waiter);
  }

  /**
   * A caller that joined a flight after it began may need a fresher fix than
   * the flight promised (maximumAge 0 asked later than the flight began): it
   * moves to a flight that started after it asked, which covers it.
   */
  #rebook(backend: Backend, waiter: Waiter): void {
    waiter.flight.waiters.delete(waiter);
    const flight = this.#findFlight(backend, waiter.opts, waiter.oldest) ?? this.#startFlight(backend, waiter.opts);
    this.#board(waiter, flight);
  }

  /**
   * A flight serves a request when it asked for at least as good a fix, at
   * least as fresh, and has not already run longer than the request would
   * wait: under steady load a provider request that hung would otherwise be
   * joined for ever and every caller would time out on it.
   */
  #findFlight(backend: Backend, opts: NormalizedRequestOptions, oldest?: number): Flight | undefined {
    const now = Date.now();
    for (const flight of this.#flights.get(backend) ?? []) {
      const young = flight.promptPending || now - flight.startedAt <= opts.timeout;
      const covers = oldest === undefined || flight.startedAt - flight.maximumAge >= oldest;
      if (young && covers && flight.accuracy <= opts.accuracy && flight.maximumAge <= opts.maximumAge) return flight;
    }
    return undefined;
  }

  #startFlight(backend: Backend, opts: NormalizedRequestOptions): Flight {
    const flight: Flight = {
      accuracy: opts.accuracy,
      maximumAge: opts.maximumAge,
      controller: new AbortController(),
      waiters: new Set(),
      promptPending: false,
      done: false,
      startedAt: Date.now(),
    };
    let flights = this.#flights.get(backend);
    if (!flights) this.#flights.set(backend, (flights = new Set()));
    flights.add(flight);

    const onPrompt = (pending: boolean): void => {
      if (flight.done) return;
      flight.promptPending = pending;
      for (const waiter of flight.waiters) {
        if (waiter.includesPrompt) continue;
        if (pending) waiter.deadline.pause();
        else waiter.deadline.resume();
      }
    };
    let request: Promise<Location>;
    try {
      request = backend.getLocation({
        accuracy: opts.accuracy,
        maximumAge: opts.maximumAge,
        signal: flight.controller.signal,
        onPrompt,
      });
    } catch (error) {
      request = Promise.reject(asLocationError(error));
    }
    request.then(
      (fix) => {
        if (flight.done) return;
        this.#endFlight(backend, flight);
        this.#remember(backend, fix, opts.accuracy);
        // The provider promised a fix made no earlier than `promised`; a caller
        // that asked later with a smaller maximumAge needs the fix itself to be
        // young enough, or another flight.
        const promised = flight.startedAt - flight.maximumAge;
        for (const waiter of [...flight.waiters]) {
          if (waiter.oldest <= promised || fix.timestamp >= waiter.oldest) waiter.resolve({ ...fix });
          else this.#rebook(backend, waiter);
        }
      },
      (error: unknown) => {
        if (flight.done) return;
        this.#endFlight(backend, flight);
        const failure = asLocationError(error);
        this.#forgetIfRefused(backend, failure);
        for (const waiter of [...flight.waiters]) waiter.reject(failure);
      },
    );
    return flight;
  }

  #endFlight(backend: Backend, flight: Flight): void {
    flight.done = true;
    this.#flights.get(backend)?.delete(flight);
  }

  /** Nobody waits any more: tell the provider to stop looking. */
  #cancelFlight(backend: Backend, flight: Flight): void {
    this.#endFlight(backend, flight);
    flight.controller.abort();
  }
}

function timeoutError(reason: DeadlineReason, timeout: number, promptLimitMs: number): LocationError {
  if (reason === 'prompt') {
    return new LocationError(
      'TIMEOUT',
      `The location permission prompt was not answered within ${Math.round(promptLimitMs / 1000)} s.`,
      { hint: 'Answer the prompt, or grant access in System Settings > Privacy & Security > Location Services.' },
    );
  }
  return new LocationError('TIMEOUT', `No location fix arrived within ${timeout} ms.`, {
    hint: 'Try again with a longer timeout, or where Wi-Fi or GPS reception is better.',
  });
}
