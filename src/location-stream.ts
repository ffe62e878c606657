/**
 * Turns a watch subscription into an async iterator. The subscription starts
 * on the first `next()`, so an iterator that is never read holds nothing.
 * Fixes are queued, none dropped, in order; an error ends the iteration by
 * throwing from `next()`.
 */
import type { LocationError } from './errors.js';
import type { Location } from './types.js';
import type { Subscription, WatchListener } from './watch-hub.js';

export interface LocationWatch extends AsyncIterableIterator<Location> {
  /** Stops the watch; a pending `next()` resolves as done. Safe to call more than once. */
  stop(): void;
}

type Waiting = { resolve(result: IteratorResult<Location>): void; reject(error: unknown): void };

export function createLocationWatch(subscribe: (listener: WatchListener) => Subscription): LocationWatch {
  const queue: Location[] = [];
  const waiting: Waiting[] = [];
  let subscription: Subscription | undefined;
  let failure: LocationError | undefined;
  let ended = false;

  const finish = (): void => {
    if (ended) return;
    ended = true;
    subscription?.stop();
    for (const waiter of waiting.splice(0)) {
      if (failure) waiter.reject(failure);
      else waiter.resolve({ done: true, value: undefined });
    }
  };

  const listener: WatchListener = {
    location(fix) {
      if (ended) return;
      const waiter = waiting.shift();
      if (waiter) waiter.resolve({ done: false, value: fix });
      else queue.push(fix);
    },
    error(error) {
      if (ended) return;
      failure = error;
      const waiter = waiting.shift();
      if (waiter) {
        waiter.reject(error);
        failure = undefined;
      }
      ended = true;
      subscription?.stop();
      for (const other of waiting.splice(0)) other.resolve({ done: true, value: undefined });
    },
  };

  const watch: LocationWatch = {
    next() {
      const fix = queue.shift();
      if (fix) return Promise.resolve({ done: false, value: fix });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (ended) return Promise.resolve({ done: true, value: undefined });
      if (!subscription) {
        try {
          subscription = subscribe(listener);
        } catch (error) {
          ended = true;
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        // The listener may have been called while subscribing.
        return watch.next();
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      queue.length = 0;
      failure = undefined;
      finish();
      return Promise.resolve({ done: true, value: undefined });
    },
    stop() {
      void watch.return?.();
    },
    [Symbol.asyncIterator]() {
      return watch;
    },
  };
  return watch;
}
