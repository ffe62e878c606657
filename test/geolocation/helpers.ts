/**
 * Turns the callback API into something a test can await, and checks on the
 * way that a one-shot request calls back exactly once and never synchronously.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { geolocation, type GeolocationPosition, type GeolocationPositionError, type PositionOptions } from '../../src/geolocation/index.js';

export type Outcome = { position: GeolocationPosition; error?: undefined } | { error: GeolocationPositionError; position?: undefined };

/** Calls getCurrentPosition and resolves with its outcome; fails when it calls back twice or synchronously. */
export function current(options?: PositionOptions | null): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    let calls = 0;
    let returned = false;
    const once = (outcome: Outcome): void => {
      calls += 1;
      if (!returned) reject(new Error('a callback ran synchronously, inside getCurrentPosition'));
      else if (calls > 1) reject(new Error('getCurrentPosition called back more than once'));
      else {
        resolve(outcome);
        // A second call would come later: give it a moment to show up.
        void sleep(20).then(() => {
          if (calls > 1) reject(new Error('getCurrentPosition called back more than once'));
        });
      }
    };
    geolocation.getCurrentPosition(
      (position) => once({ position }),
      (error) => once({ error }),
      options,
    );
    returned = true;
  });
}

/** Records everything a watch reports. */
export interface WatchLog {
  id: number;
  events: Array<{ position: GeolocationPosition } | { error: GeolocationPositionError }>;
  positions(): GeolocationPosition[];
  errors(): GeolocationPositionError[];
  /** Resolves when `count` events have arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<void>;
}

export function watch(options?: PositionOptions | null): WatchLog {
  const events: WatchLog['events'] = [];
  const id = geolocation.watchPosition(
    (position) => events.push({ position }),
    (error) => events.push({ error }),
    options,
  );
  return {
    id,
    events,
    positions: () => events.flatMap((event) => ('position' in event ? [event.position] : [])),
    errors: () => events.flatMap((event) => ('error' in event ? [event.error] : [])),
    async waitFor(count, ms = 2000) {
      const start = Date.now();
      while (events.length < count) {
        if (Date.now() - start > ms) throw new Error(`watch ${id}: ${events.length} events after ${ms} ms, wanted ${count}`);
        await sleep(5);
      }
    },
  };
}

export { sleep };
