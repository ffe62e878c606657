/**
 * What the bridge bench measures against (bench/bridge-overhead.mjs): the
 * double's roundTrip floor and its timer-free delivery mode must behave as
 * the real path does, or the ratio would compare unlike things.
 */
import { describe, expect, it } from 'vitest';
import { request } from './support/calls.js';
import { CL, doubleAvailable, doubleSuite, sleep } from './support/double.js';

describe.skipIf(!doubleAvailable())('bench floor and immediate fixes (double)', () => {
  const suite = doubleSuite();

  it('roundTrip calls back exactly once, with no arguments, never inline', async () => {
    const calls: unknown[][] = [];
    const settled = new Promise<void>((resolve) =>
      suite.binding.testDouble.roundTrip((...args: unknown[]) => {
        calls.push(args);
        resolve();
      }),
    );
    expect(calls).toHaveLength(0);
    await settled;
    await sleep(50);
    expect(calls).toEqual([[]]);
  });

  it('roundTrip rejects a missing callback by name', () => {
    expect(() => suite.binding.testDouble.roundTrip(undefined as never)).toThrow(/roundTrip needs a callback/);
  });

  it('many round trips in flight each settle once', async () => {
    let count = 0;
    await Promise.all(
      Array.from({ length: 200 }, () => new Promise<void>((resolve) => suite.binding.testDouble.roundTrip(() => ((count += 1), resolve())))),
    );
    await sleep(20);
    expect(count).toBe(200);
  });

  it('immediate fixes answer requestLocation without the fix delay, and the delay holds again after reset', async () => {
    const made = suite.open(CL.authorized);
    made.double.setFixDelay(400);
    made.double.setImmediateFixes(true);
    const started = Date.now();
    const outcome = await request(made.native).done;
    expect(outcome.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(400);

    const again = suite.open(CL.authorized); // reset: immediate mode off
    again.double.setFixDelay(300);
    const before = Date.now();
    expect((await request(again.native).done).ok).toBe(true);
    expect(Date.now() - before).toBeGreaterThanOrEqual(250);
  });

  it('immediate fixes still honour a hold (no answer until released)', async () => {
    const made = suite.open(CL.authorized);
    made.double.setImmediateFixes(true);
    made.double.holdFixes(true);
    let answered = false;
    const pending = request(made.native).done.then((outcome) => {
      answered = true;
      return outcome;
    });
    await sleep(100);
    expect(answered).toBe(false);
    made.double.holdFixes(false);
    expect((await pending).ok).toBe(true);
  });
});
