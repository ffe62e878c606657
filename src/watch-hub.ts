/**
 * Watch fan-out for one backend: every watcher shares a single provider
 * watch, started with the finest accuracy and distance any watcher needs and
 * stopped when the last watcher leaves. Each watcher's own distance filter
 * and timeout are applied here. Approximate watchers get every fix
 * coarsened; the provider watch itself asks for an approximate position only
 * while every watcher is approximate, and falls back to one when the last
 * precise watcher leaves.
 */
import type { Backend, ProviderWatch, ProviderWatchRequest } from './backends/contract.js';
import { coarsen } from './coarsen.js';
import { Deadline } from './deadline.js';
import { LocationError, abortError, asLocationError } from './errors.js';
import { distanceMetres } from './geo.js';
import type { NormalizedWatchOptions } from './options.js';
import type { Location } from './types.js';

export interface WatchListener {
  location(fix: Location): void;
  /**
   * `fatal` errors end the watch (denial, services off, abort). A TIMEOUT is
   * not fatal: the watch goes on and the next fix clears it, as in the W3C API.
   */
  error(error: LocationError, fatal: boolean): void;
}

export interface Subscription {
  stop(): void;
  readonly active: boolean;
}

interface Watcher {
  opts: NormalizedWatchOptions;
  listener: WatchListener;
  lastDelivered: Location | undefined;
  deadline: Deadline | undefined;
  active: boolean;
  detachAbort(): void;
}

export class WatchHub {
  readonly #backend: Backend;
  readonly #onFix: (fix: Location, askedAccuracy: number) => void;
  readonly #onFailure: (error: LocationError) => void;
  readonly #promptLimitMs: number;
  readonly #watchers = new Set<Watcher>();
  #providerWatch: ProviderWatch | undefined;
  #params: ProviderWatchRequest | undefined;
  // The provider watch's permission prompt is on screen.
  #promptPending = false;

  constructor(
    backend: Backend,
    onFix: (fix: Location, askedAccuracy: number) => void,
    onFailure: (error: LocationError) => void = () => undefined,
    promptLimitMs = Infinity,
  ) {
    this.#backend = backend;
    this.#onFix = onFix;
    this.#onFailure = onFailure;
    this.#promptLimitMs = promptLimitMs;
  }

  add(opts: NormalizedWatchOptions, listener: WatchListener): Subscription {
    const watcher: Watcher = {
      opts,
      listener,
      lastDelivered: undefined,
      deadline: undefined,
      active: true,
      detachAbort: () => undefined,
    };
    const subscription: Subscription = {
      stop: () => this.#remove(watcher),
      get active() {
        return watcher.active;
      },
    };
    const signal = opts.signal;
    if (signal?.aborted) {
      watcher.active = false;
      queueMicrotask(() => listener.error(abortError(signal), true));
      return subscription;
    }
    if (signal) {
      const onAbort = (): void => this.#fail(watcher, abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      watcher.detachAbort = () => signal.removeEventListener('abort', onAbort);
    }
    this.#watchers.add(watcher);
    this.#armDeadline(watcher);
    this.#ensureProviderWatch();
    return subscription;
  }

  #armDeadline(watcher: Watcher): void {
    watcher.deadline?.cancel();
    if (watcher.opts.timeout === Infinity) return;
    // A watch's timeout bounds the wait for each fix. As for one-shot
    // requests, a permission prompt's time does not count (unless asked),
    // but a prompt nobody answers still ends after the prompt limit.
    watcher.deadline = new Deadline(watcher.opts.timeout, this.#promptLimitMs, (reason) => {
      if (!watcher.active) return;
      const error =
        reason === 'prompt'
          ? new LocationError(
              'TIMEOUT',
              `The location permission prompt was not answered within ${Math.round(this.#promptLimitMs / 1000)} s.`,
              // The backend knows where its system grants access; the core does not.
              { hint: this.#backend.hint?.('PROMPT_TIMEOUT') ?? "Answer the prompt, or allow location access in the system's privacy settings." },
            )
          : new LocationError('TIMEOUT', `No location fix arrived within ${watcher.opts.timeout} ms.`, {
              hint: 'The watch goes on; the next fix will be delivered when it comes.',
            });
      deliver(() => watcher.listener.error(error, false));
    });
    if (this.#promptPending && !watcher.opts.timeoutIncludesPrompt) watcher.deadline.pause();
  }

  #onPrompt(pending: boolean): void {
    this.#promptPending = pending;
    for (const watcher of this.#watchers) {
      if (watcher.opts.timeoutIncludesPrompt) continue;
      if (pending) watcher.deadline?.pause();
      else watcher.deadline?.resume();
    }
  }

  /** Starts the provider watch, or restarts it when a new watcher needs finer updates. */
  #ensureProviderWatch(): void {
    const needed = this.#neededParams();
    if (!needed) return;
    const current = this.#params;
    if (
      this.#providerWatch &&
      current &&
      current.approximate === needed.approximate &&
      (needed.approximate || current.accuracy <= needed.accuracy) &&
      current.distanceFilter <= needed.distanceFilter
    ) {
      return;
    }
    this.#stopProviderWatch();
    this.#params = needed;
    let handle: ProviderWatch | undefined;
    const sink = {
      location: (raw: Location) => {
        if (this.#providerWatch !== handle) return;
        // A fix the OS reduced (the person's choice) is approximate for everyone, and snapped like any other.
        const fix = needed.approximate || raw.approximate ? coarsen(raw) : raw;
        this.#broadcast(fix, needed.accuracy);
      },
      error: (error: LocationError) => {
        if (this.#providerWatch !== handle) return;
        this.#providerWatch = undefined;
        this.#params = undefined;
        const failure = asLocationError(error);
        this.#onFailure(failure);
        for (const watcher of [...this.#watchers]) this.#fail(watcher, failure);
      },
      prompt: (pending: boolean) => {
        if (this.#providerWatch === handle) this.#onPrompt(pending);
      },
    };
    try {
      handle = this.#backend.watch(needed, sink);
      this.#providerWatch = handle;
    } catch (error) {
      this.#params = undefined;
      const failure = asLocationError(error);
      for (const watcher of [...this.#watchers]) this.#fail(watcher, failure);
    }
  }

  #neededParams(): ProviderWatchRequest | undefined {
    if (this.#watchers.size === 0) return undefined;
    let accuracy = Infinity;
    let distanceFilter = Infinity;
    let approximate = true;
    for (const { opts } of this.#watchers) {
      approximate &&= opts.approximate;
      if (!opts.approximate) accuracy = Math.min(accuracy, opts.accuracy);
      distanceFilter = Math.min(distanceFilter, opts.distanceFilter);
    }
    // Approximate watchers alone: the accuracy asked for matters not, the OS gives an area.
    if (approximate) accuracy = Math.min(...[...this.#watchers].map(({ opts }) => opts.accuracy));
    return { accuracy, approximate, distanceFilter };
  }

  #broadcast(providerFix: Location, askedAccuracy: number): void {
    this.#onFix(providerFix, askedAccuracy);
    // Coarsened on first need only: snapping to the grid costs more than the
    // rest of a delivery, and most watches are precise.
    let coarse = providerFix.approximate ? providerFix : undefined;
    for (const watcher of [...this.#watchers]) {
      if (!watcher.active) continue;
      const fix = watcher.opts.approximate ? (coarse ??= coarsen(providerFix)) : providerFix;
      const last = watcher.lastDelivered;
      if (last && watcher.opts.distanceFilter > 0 && distanceMetres(last, fix) < watcher.opts.distanceFilter) {
        continue;
      }
      watcher.lastDelivered = fix;
      this.#armDeadline(watcher);
      const copy = { ...fix };
      deliver(() => watcher.listener.location(copy));
    }
  }

  #fail(watcher: Watcher, error: LocationError): void {
    if (!watcher.active) return;
    this.#remove(watcher);
    deliver(() => watcher.listener.error(error, true));
  }

  #remove(watcher: Watcher): void {
    if (!watcher.active) return;
    watcher.active = false;
    watcher.deadline?.cancel();
    watcher.detachAbort();
    this.#watchers.delete(watcher);
    if (this.#watchers.size === 0) this.#stopProviderWatch();
    // The last precise watcher left: stop asking the OS for more than the others want.
    else if (this.#params && !this.#params.approximate && this.#neededParams()?.approximate) {
      this.#ensureProviderWatch();
    }
  }

  #stopProviderWatch(): void {
    const handle = this.#providerWatch;
    this.#providerWatch = undefined;
    this.#params = undefined;
    // The next provider watch reports its own prompt.
    if (this.#promptPending) this.#onPrompt(false);
    handle?.stop();
  }
}

/**
 * Calls a listener so that one that throws cannot starve the others; the
 * exception still surfaces as an uncaught error, as with an EventEmitter.
 */
function deliver(call: () => void): void {
  try {
    call();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
