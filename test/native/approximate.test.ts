/**
 * Approximate location through the CoreLocation bridge, built against the
 * double: the reduced-accuracy request path (macOS 11+), its fallback before
 * macOS 11, the person's "Precise Location" switch off (every fix reduced
 * whatever was asked), and reduced fixes that are minutes old, as Apple says
 * reduced locations are updated "at most a few times per hour".
 */
import { describe, expect, it } from 'vitest';
import type { NativeError, NativeFix, NativeProvider } from '../../src/backends/native-binding.js';
import { coarsen } from '../../src/coarsen.js';
import { Locator } from '../../src/locator.js';
import { request } from './support/calls.js';
import { BERLIN, CL, doubleAvailable, doubleSuite, waitFor } from './support/double.js';

type Outcome = { ok: true; value: NativeFix } | { ok: false; error: NativeError };

/** A one-shot request asking for an approximate position (the trailing `reduced` argument). */
function reducedRequest(native: NativeProvider, accuracy = 100, maximumAge = 0): Promise<Outcome> {
  return new Promise((resolve) => {
    native.requestLocation(
      accuracy,
      maximumAge,
      (error, fix) => resolve(error ? { ok: false, error } : { ok: true, value: fix as NativeFix }),
      () => undefined,
      true,
    );
  });
}

const MINUTE_S = 60;

describe.skipIf(!doubleAvailable())('CoreLocation bridge: approximate location (double)', () => {
  const suite = doubleSuite();
  const open = () => {
    const made = suite.open();
    made.double.setFix({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, horizontalAccuracy: 8, altitude: 40, verticalAccuracy: 3, speed: 1, speedAccuracy: 0.5, course: 90, courseAccuracy: 5 });
    return { ...made, locator: new Locator(() => made.backend) };
  };

  it('macOS 11+: an approximate request sets desiredAccuracy = kCLLocationAccuracyReduced and gets a reduced fix', async () => {
    const { native, double } = open();
    const outcome = await reducedRequest(native);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.reduced).toBe(true);
    // The double's reduced fix: a nearby point, kilometres of accuracy.
    expect(outcome.value.accuracy).toBeGreaterThanOrEqual(1000);
    expect(double.counters().lastDesiredAccuracy).toBe(3000); // the double's kCLLocationAccuracyReduced
  });

  it('through the core: the answer is coarsened with the shared function, approximate, with no altitude, speed or course', async () => {
    const { locator } = open();
    // The scripted fix has them all, so their absence below is the coarsening's doing.
    expect(await locator.getLocation({ timeout: 5000 })).toMatchObject({ altitude: 40, speed: 1, course: 90 });
    const fix = await locator.getLocation({ approximate: true, timeout: 5000 });
    expect(fix.approximate).toBe(true);
    expect(coarsen(fix)).toEqual(fix);
    expect(fix).not.toHaveProperty('altitude');
    expect(fix).not.toHaveProperty('speed');
    expect(fix).not.toHaveProperty('course');
  });

  it('concurrent approximate and precise requests: reduced only while no precise one waits; each gets its kind', async () => {
    const { locator, double } = open();
    double.holdFixes(true);
    const approximate = locator.getLocation({ approximate: true, timeout: 10_000 });
    await waitFor(() => double.counters().lastDesiredAccuracy === 3000); // kCLLocationAccuracyReduced
    const precise = locator.getLocation({ accuracy: 'best', timeout: 10_000 });
    await waitFor(() => double.counters().lastDesiredAccuracy === -1); // kCLLocationAccuracyBest
    double.holdFixes(false);
    const [fine, coarse] = await Promise.all([precise, approximate]);
    expect(fine).toMatchObject({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, accuracy: 8, altitude: 40 });
    expect(fine).not.toHaveProperty('approximate');
    expect(coarse.approximate).toBe(true);
    expect(coarse).not.toHaveProperty('altitude');
    expect(coarsen(coarse)).toEqual(coarse);
  });

  it('before macOS 11 (no kCLLocationAccuracyReduced) it asks for 3 km and the core coarsens the fix', async () => {
    const { native, double, locator } = open();
    double.setOSVersion(10, 15, 0);
    const raw = await reducedRequest(native);
    expect(raw.ok).toBe(true);
    if (!raw.ok) return;
    expect(raw.value.reduced).toBeUndefined(); // not reduced by the OS: coarsened above it
    expect(double.counters().lastDesiredAccuracy).toBe(3000); // kCLLocationAccuracyThreeKilometers
    const fix = await locator.getLocation({ approximate: true, timeout: 5000 });
    expect(fix.approximate).toBe(true);
    expect(coarsen(fix)).toEqual(fix);
    expect(fix).not.toHaveProperty('altitude');
  });

  it('"Precise Location" off (accuracyAuthorization reduced): every fix is approximate whatever was asked', async () => {
    const { native, double, locator } = open();
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    const raw = await request(native, 10).done;
    expect(raw.ok && raw.value.reduced).toBe(true);
    const fix = await locator.getLocation({ accuracy: 'best', timeout: 5000 });
    expect(fix.approximate).toBe(true);
    expect(coarsen(fix)).toEqual(fix);
    expect(fix).not.toHaveProperty('altitude');
    // And it is cached as approximate: it never answers a precise request.
    expect(locator.cachedLocation({ maximumAge: 60_000, accuracy: 'threeKilometers' })).toBeUndefined();
    expect(locator.cachedLocation({ maximumAge: 60_000, approximate: true })).toEqual(fix);
  });

  it('"Precise Location" off: a watch gets reduced fixes', async () => {
    const { native, double } = open();
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    const fixes: NativeFix[] = [];
    const id = native.startWatch(10, 0, (fix) => fixes.push(fix), () => undefined);
    await waitFor(() => fixes.length > 0);
    native.stopWatch(id);
    expect(fixes[0]?.reduced).toBe(true);
  });

  it('an approximate watch asks for reduced accuracy', async () => {
    const { native, double } = open();
    const fixes: NativeFix[] = [];
    const id = native.startWatch(100, 0, (fix) => fixes.push(fix), () => undefined, undefined, true);
    await waitFor(() => fixes.length > 0);
    native.stopWatch(id);
    expect(fixes[0]?.reduced).toBe(true);
    expect(double.counters().lastDesiredAccuracy).toBe(3000);
  });

  it('a reduced fix 15 minutes old answers a request (reduced locations update a few times an hour)', async () => {
    const { native, double } = open();
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    double.setFix({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, horizontalAccuracy: 8, ageSeconds: 15 * MINUTE_S });
    const started = Date.now();
    const outcome = await reducedRequest(native);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.reduced).toBe(true);
    const age = started - outcome.value.timestamp;
    expect(age).toBeGreaterThan(14 * MINUTE_S * 1000);
    expect(age).toBeLessThan(16 * MINUTE_S * 1000);
  });

  it('a reduced fix older than 20 minutes is stale, and so is a 15-minute-old precise fix', async () => {
    const { double, locator } = open();
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    double.setFix({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, horizontalAccuracy: 8, ageSeconds: 25 * MINUTE_S });
    await expect(locator.getLocation({ approximate: true, timeout: 800 })).rejects.toMatchObject({ code: 'TIMEOUT' });

    double.setAccuracyAuthorization(0); // full accuracy
    double.setFix({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, horizontalAccuracy: 8, ageSeconds: 15 * MINUTE_S });
    await expect(locator.getLocation({ timeout: 800 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
