/**
 * The core every public API sits on, whatever the backend: option checks,
 * the maximumAge cache, coalescing of concurrent requests, timeouts that do
 * not trust the provider, AbortSignal, and watch fan-out (in watch-hub.ts).
 */
import type { Backend, ProviderRequest } from './backends/contract.js';
import { coarsen } from './coarsen.js';
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
  /** An approximate flight asks the OS for a coarse fix; precise and approximate callers never share one. */
  approximate: boolean;
  maximumAge: number;
  /** What the backend asked to be called on cancellation (ProviderRequest.onCancel). */
  onCancel: (() => void) | undefined;
  /** Made only when the backend reads request.signal: most never do. */
  controller: AbortController | undefined;
  cancelled: boolean;
  /**
   * Its callers. Once the flight is done they are left in it (each settles or
   * moves to another flight): deleting from a Set down to empty makes V8
   * shrink it in the runtime, a cost per request.
   */
  waiters: Set<Waiter>;
  /** The backend's list of open flights it is in until done (no WeakMap lookup to leave it). */
  siblings: Flight[];
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

/**
 * The latest fix of each kind. Kept apart so that an approximate fix never
 * answers a precise request; a precise fix may answer an approximate one, but
 * only coarsened.
 */
interface CacheSlots {
  precise?: CacheEntry;
  approximate?: CacheEntry;
}

export class Locator {
  readonly #resolveBackend: BackendResolver;
  readonly #promptLimitMs: number;
  // Weak: a backend the registry or the test kit dropped takes its state with it.
  readonly #cache = new WeakMap<Backend, CacheSlots>();
  // Arrays, not Sets: a backend has a handful of open flights at most, and a
  // Set emptied by a delete is shrunk in V8's runtime, once per request.
  readonly #flights = new WeakMap<Backend, Flight[]>();
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
  getLocation(options?: LocationOptions): Promise<Location> {
    // Not an async function: one returning the waiter's promise would wrap it
    // in a second promise that adopts the first, a promise and two microtask
    // turns more per caller (a tenth of what 10,000 coalesced callers cost).
    // Every failure still comes out as a rejection, never a throw.
    try {
      const opts = normalizeRequestOptions(options);
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const backend = this.#resolveBackend(opts.backend);
      const cached = this.#fromCache(backend, opts);
      if (cached) return Promise.resolve(cached);
      // As in the W3C API, a zero timeout means "only a cached fix will do".
      if (opts.timeout === 0) throw timeoutError(backend, 'timeout', 0, this.#promptLimitMs);
      return new Promise<Location>((resolve, reject) => this.#join(backend, opts, resolve, reject));
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what an async function would reject with: the error as thrown
      return Promise.reject(error);
    }
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

  /**
   * Makes sure a fix may be asked for, without asking for one: services on,
   * access granted, the prompt shown where the OS can, answered within the
   * prompt limit. The W3C facade needs it for `timeout: 0`, which must still
   * pass the permission step before it answers from the cache.
   * @throws LocationError SERVICES_DISABLED, PERMISSION_DENIED, TIMEOUT (prompt
   *   unanswered), or UNSUPPORTED_PLATFORM when no backend can serve.
   */
  async ensureAccess(choice: BackendChoice = 'auto'): Promise<void> {
    const backend = this.#resolveBackend(choice);
    if (!(await backend.locationServicesEnabled())) {
      throw refusal(backend, 'SERVICES_DISABLED', 'Location Services are turned off.');
    }
    let status = await backend.authorizationStatus();
    if (status === 'notDetermined') status = await this.#withinPromptLimit(backend, backend.requestAuthorization());
    if (status === 'denied' || status === 'restricted') throw refusal(backend, 'PERMISSION_DENIED', 'Location access was denied.');
  }

  #withinPromptLimit<T>(backend: Backend, answer: Promise<T>): Promise<T> {
    const limit = this.#promptLimitMs;
    if (!Number.isFinite(limit)) return answer;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(timeoutError(backend, 'prompt', 0, limit)), limit);
      answer.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(asLocationError(error));
        },
      );
    });
  }

  #fromCache(backend: Backend, opts: NormalizedRequestOptions): Location | undefined {
    if (opts.maximumAge <= 0) return undefined;
    const slots = this.#cache.get(backend);
    if (!slots) return undefined;
    const now = Date.now();
    if (!opts.approximate) {
      const entry = slots.precise;
      if (!this.#usable(entry, opts.maximumAge, now)) return undefined;
      const goodEnough = entry.askedAccuracy <= opts.accuracy || entry.fix.accuracy <= opts.accuracy;
      return goodEnough ? { ...entry.fix } : undefined;
    }
    // Every approximate answer is as good as another: only freshness counts.
    const approximate = this.#usable(slots.approximate, opts.maximumAge, now) ? slots.approximate : undefined;
    const precise = this.#usable(slots.precise, opts.maximumAge, now) ? slots.precise : undefined;
    const newest = approximate && precise ? (precise.fix.timestamp > approximate.fix.timestamp ? precise : approximate) : (approximate ?? precise);
    return newest ? coarsen(newest.fix) : undefined;
  }

  #usable(entry: CacheEntry | undefined, maximumAge: number, now: number): entry is CacheEntry {
    return entry !== undefined && entry.generation === this.#cacheGeneration && now - entry.fix.timestamp <= maximumAge;
  }

  #remember(backend: Backend, fix: Location, askedAccuracy: number): void {
    let slots = this.#cache.get(backend);
    if (!slots) this.#cache.set(backend, (slots = {}));
    const kind = fix.approximate ? 'approximate' : 'precise';
    const previous = slots[kind];
    if (previous && previous.generation === this.#cacheGeneration && previous.fix.timestamp > fix.timestamp) return;
    slots[kind] = { generation: this.#cacheGeneration, fix: { ...fix }, askedAccuracy };
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
      if (!flight.done) flight.waiters.delete(waiter);
      outcome();
      if (!flight.done && flight.waiters.size === 0) this.#cancelFlight(backend, flight);
    };
    // The flight first, then the deadline: a new flight hands its request to
    // the provider's thread, and arming the timer overlaps with that thread's
    // work instead of delaying the hand-over. Nothing settles in between: the
    // flight's answer arrives as a promise reaction, after this returns.
    const flight = this.#findFlight(backend, opts) ?? this.#startFlight(backend, opts);
    const waiter: Waiter = {
      settled: false,
      includesPrompt: opts.timeoutIncludesPrompt,
      deadline: new Deadline(opts.timeout, this.#promptLimitMs, (reason) =>
        finish(() => reject(timeoutError(backend, reason, opts.timeout, this.#promptLimitMs))),
      ),
      opts,
      oldest,
      flight,
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
    if (!waiter.flight.done) waiter.flight.waiters.delete(waiter);
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
      if (flight.approximate !== opts.approximate) continue;
      const accurateEnough = opts.approximate || flight.accuracy <= opts.accuracy;
      const covers = oldest === undefined || flight.startedAt - flight.maximumAge >= oldest;
      if (young && covers && accurateEnough && flight.maximumAge <= opts.maximumAge) return flight;
    }
    return undefined;
  }

  #startFlight(backend: Backend, opts: NormalizedRequestOptions): Flight {
    let flights = this.#flights.get(backend);
    if (!flights) this.#flights.set(backend, (flights = []));
    const flight: Flight = {
      accuracy: opts.accuracy,
      approximate: opts.approximate,
      maximumAge: opts.maximumAge,
      onCancel: undefined,
      controller: undefined,
      cancelled: false,
      waiters: new Set(),
      siblings: flights,
      promptPending: false,
      done: false,
      startedAt: Date.now(),
    };
    flights.push(flight);

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
      request = backend.getLocation(new FlightRequest(flight, onPrompt));
    } catch (error) {
      request = Promise.reject(asLocationError(error));
    }
    request.then(
      (raw) => {
        if (flight.done) return;
        this.#endFlight(flight);
        // Whatever the provider managed, an approximate request gets only the coarsened fix.
        const fix = opts.approximate || raw.approximate ? coarsen(raw) : raw;
        this.#remember(backend, fix, opts.accuracy);
        // The provider promised a fix made no earlier than `promised`; a caller
        // that asked later with a smaller maximumAge needs the fix itself to be
        // young enough, or another flight.
        const promised = flight.startedAt - flight.maximumAge;
        // The flight is done: settling or rebooking a waiter leaves this Set as it is.
        for (const waiter of flight.waiters) {
          if (waiter.oldest <= promised || fix.timestamp >= waiter.oldest) waiter.resolve({ ...fix });
          else this.#rebook(backend, waiter);
        }
      },
      (error: unknown) => {
        if (flight.done) return;
        this.#endFlight(flight);
        const failure = asLocationError(error);
        this.#forgetIfRefused(backend, failure);
        for (const waiter of flight.waiters) waiter.reject(failure);
      },
    );
    return flight;
  }

  #endFlight(flight: Flight): void {
    if (flight.done) return;
    flight.done = true;
    const at = flight.siblings.indexOf(flight);
    if (at >= 0) flight.siblings.splice(at, 1);
  }

  /** Nobody waits any more: tell the provider to stop looking. */
  #cancelFlight(backend: Backend, flight: Flight): void {
    this.#endFlight(flight);
    flight.cancelled = true;
    flight.controller?.abort();
    flight.onCancel?.();
  }
}

/**
 * What a flight asks its backend. A class, not a literal with a getter: V8
 * builds such a literal through the runtime, at a cost near a whole request.
 */
class FlightRequest implements ProviderRequest {
  readonly accuracy: number;
  readonly approximate: boolean;
  readonly maximumAge: number;
  readonly onPrompt: (pending: boolean) => void;
  readonly #flight: Flight;

  constructor(flight: Flight, onPrompt: (pending: boolean) => void) {
    this.accuracy = flight.accuracy;
    this.approximate = flight.approximate;
    this.maximumAge = flight.maximumAge;
    this.onPrompt = onPrompt;
    this.#flight = flight;
  }

  /**
   * Made on first read (aborted already if the flight was cancelled before
   * that): an AbortController and its listeners cost more than a whole
   * request through the addon, and most backends never need one.
   */
  get signal(): AbortSignal {
    const flight = this.#flight;
    if (!flight.controller) {
      flight.controller = new AbortController();
      if (flight.cancelled) flight.controller.abort();
    }
    return flight.controller.signal;
  }

  onCancel(cancel: () => void): void {
    this.#flight.onCancel = cancel;
  }
}

/** A refusal the core found out by asking (services off, access denied), with the backend's hint for it. */
function refusal(backend: Backend, code: 'SERVICES_DISABLED' | 'PERMISSION_DENIED', message: string): LocationError {
  const hint = backend.hint?.(code);
  return new LocationError(code, message, hint === undefined ? {} : { hint });
}

/** The core knows no OS: the words about a prompt come from the backend, with a neutral fallback. */
function timeoutError(backend: Backend, reason: DeadlineReason, timeout: number, promptLimitMs: number): LocationError {
  if (reason === 'prompt') {
    return new LocationError(
      'TIMEOUT',
      `The location permission prompt was not answered within ${Math.round(promptLimitMs / 1000)} s.`,
      { hint: backend.hint?.('PROMPT_TIMEOUT') ?? 'Answer the prompt, or allow location access in the system\'s privacy settings.' },
    );
  }
  return new LocationError('TIMEOUT', `No location fix arrived within ${timeout} ms.`, {
    hint: 'Try again with a longer timeout, or where Wi-Fi or GPS reception is better.',
  });
}
