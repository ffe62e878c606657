/**
 * The request deadline: its own clock, and the idle timer that keeps Node's
 * timer list for its duration (src/deadline.ts), which must never hold the
 * process, show under fake timers, or outlive a period without use.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { Deadline, keptTimerDurations } from '../../src/deadline.js';
import { Locator } from '../../src/locator.js';
import { ManualBackend, fixAt } from '../support/manual-backend.js';

afterEach(() => {
  vi.useRealTimers();
});

const refedTimeouts = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

async function waitFor(condition: () => boolean, limitMs: number): Promise<void> {
  // Bounded by the clock: a loaded machine runs timers late.
  for (const until = Date.now() + limitMs; !condition() && Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('expires once, at its time, and not after cancel', async () => {
  vi.useFakeTimers();
  const expired = vi.fn();
  new Deadline(1500, 60_000, expired);
  const cancelled = vi.fn();
  new Deadline(1500, 60_000, cancelled).cancel();
  await vi.advanceTimersByTimeAsync(1499);
  expect(expired).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(expired).toHaveBeenCalledTimes(1);
  expect(expired).toHaveBeenCalledWith('timeout');
  await vi.advanceTimersByTimeAsync(10_000);
  expect(expired).toHaveBeenCalledTimes(1);
  expect(cancelled).not.toHaveBeenCalled();
});

it('keeps an idle timer for a duration in use, unref\'d, gone after a period without use', async () => {
  const before = refedTimeouts();
  const deadline = new Deadline(1234, 60_000, () => undefined);
  expect(keptTimerDurations()).toContain(1234);
  deadline.cancel();
  // The request's own timer is gone, and the keeper holds nothing alive.
  expect(refedTimeouts()).toBe(before);
  await waitFor(() => !keptTimerDurations().includes(1234), 10_000);
  expect(keptTimerDurations()).not.toContain(1234);
});

it('keeps the idle timer through a period in which its duration was used', async () => {
  const firstArmed = Date.now();
  new Deadline(2000, 60_000, () => undefined).cancel();
  await new Promise((resolve) => setTimeout(resolve, 300));
  new Deadline(2000, 60_000, () => undefined).cancel();
  // Past the keeper's first period (its timer may run late, never early): used in it, so still kept.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstArmed + 2300 - Date.now())));
  expect(keptTimerDurations()).toContain(2000);
  await waitFor(() => !keptTimerDurations().includes(2000), 10_000);
  expect(keptTimerDurations()).not.toContain(2000);
});

it('keeps nothing for durations under a second, fractions, or no limit', () => {
  for (const ms of [0, 5, 999, 1500.5, Infinity]) new Deadline(ms, 60_000, () => undefined).cancel();
  expect(keptTimerDurations().filter((ms) => ms < 1000 || !Number.isInteger(ms))).toEqual([]);
});

it('under fake timers the keeper neither shows nor runs: a request leaves no fake timer behind', async () => {
  vi.useFakeTimers();
  const backend = new ManualBackend();
  const locator = new Locator(() => backend);
  const pending = locator.getLocation({ timeout: 4321 });
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(1); // the request's own timeout
  backend.requests[0]?.resolve(fixAt(1, 2));
  await expect(pending).resolves.toMatchObject({ latitude: 1 });
  expect(vi.getTimerCount()).toBe(0);
  expect(keptTimerDurations()).toContain(4321);
});
