/**
 * How the CoreLocation provider paces itself when CoreLocation keeps giving
 * the wrong answer: a cached (stale) fix again and again, kCLErrorLocationUnknown
 * without end (Wi-Fi off), a network failure in the middle of updates.
 */
import { describe, expect, it } from 'vitest';
import { toLocationError } from '../../src/backends/native-backend.js';
import { request, watch } from './support/calls.js';
import { BERLIN, CL, doubleAvailable, doubleSuite, sleep, waitFor } from './support/double.js';

describe.skipIf(!doubleAvailable())('CoreLocation bridge: retries and their limits (double)', () => {
  const suite = doubleSuite();
  const open = () => {
    const made = suite.open();
    return made;
  };

  it('backs off while CoreLocation keeps handing back a stale fix, instead of asking again at once', async () => {
    const { native, double } = open();
    // Every requestLocation answers with a fix computed ten minutes ago.
    double.setFix({ ...BERLIN, ageSeconds: 600 });
    const pending = request(native, 100, 0);
    await sleep(1000);
    const asked = double.counters().requestLocation;
    native.cancel(pending.id);
    expect(await pending.done).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    // Back-off from 0.25 s doubling: at most about four requests in a second.
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(asked).toBeLessThanOrEqual(6);
  });

  it('gives up on kCLErrorLocationUnknown after a few retries: POSITION_UNAVAILABLE with the Wi-Fi hint', async () => {
    const { native, double } = open();
    for (let i = 0; i < 32; i += 1) double.queueError(CL.errorLocationUnknown);
    const outcome = await Promise.race([
      request(native).done,
      sleep(10_000).then(() => 'still waiting' as const),
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'POSITION_UNAVAILABLE', domain: 'kCLErrorDomain', nativeCode: CL.errorLocationUnknown },
    });
    if (outcome === 'still waiting' || outcome.ok) return;
    expect(toLocationError(outcome.error).hint).toMatch(/Wi-Fi/);
    expect(double.counters().requestLocation).toBeGreaterThan(1);
  });

  it('keeps a watch through kCLErrorNetwork while updating, and delivers the next fix', async () => {
    const { native, double } = open();
    const record = watch(native);
    await waitFor(() => record.fixes.length === 1);
    double.holdFixes(true);
    double.queueError(CL.errorNetwork);
    double.holdFixes(false); // the update hears the network failure
    await sleep(100);
    double.moveTo(48.8584, 2.2945);
    await waitFor(() => record.fixes.length === 2, 3000);
    expect(record.errors).toEqual([]);
    expect(record.fixes[1]?.latitude).toBeCloseTo(48.8584, 6);
  });
});
