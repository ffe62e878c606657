/**
 * Scripted CoreLocation scenarios: fixes, watches, errors and the mapping of
 * every CLLocation field, through the bridge built against the double.
 */
import { describe, expect, it } from 'vitest';
import { Locator } from '../../src/locator.js';
import { request, watch } from './support/calls.js';
import { BERLIN, CL, doubleAvailable, doubleSuite, EVERY_FIELD, EVERY_FIELD_MAPPED, sleep, waitFor } from './support/double.js';

describe.skipIf(!doubleAvailable())('CoreLocation bridge: fixes and watches (double)', () => {
  const suite = doubleSuite();
  const open = (status?: number) => suite.open(status);

  it('maps every CLLocation field, with negative accuracy, speed and course absent', async () => {
    const { native, double } = open();
    double.setFix({ latitude: 48.858370123456789, longitude: 2.294481234567891, horizontalAccuracy: 5, ...EVERY_FIELD });
    const full = await request(native).done;
    expect(full).toEqual({
      ok: true,
      value: {
        latitude: 48.858370123456789,
        longitude: 2.294481234567891,
        accuracy: 5,
        ...EVERY_FIELD_MAPPED,
        timestamp: expect.any(Number) as number,
      },
    });
    // Full double precision: the old bridge truncated to float32.
    if (full.ok) expect(full.value.latitude).toBe(48.858370123456789);
    // The addon builds fixes through one compiled JS function: the same
    // properties in the same order as one by one, absent ones truly absent.
    expect(full.ok && Object.keys(full.value)).toEqual([
      'latitude',
      'longitude',
      'accuracy',
      'altitude',
      'altitudeAccuracy',
      'ellipsoidalAltitude',
      'speed',
      'speedAccuracy',
      'course',
      'courseAccuracy',
      'floor',
      'timestamp',
      'simulated',
    ]);
    expect(full.ok && Object.values(full.value).every((value) => typeof value === 'number' || value === true)).toBe(true);

    double.setFix({ latitude: 1, longitude: 2, horizontalAccuracy: 50, verticalAccuracy: -1, speed: -1, course: -1 });
    const sparse = await request(native).done;
    expect(sparse.ok && Object.keys(sparse.value).sort()).toEqual(['accuracy', 'latitude', 'longitude', 'simulated', 'timestamp']);
    expect(sparse.ok && sparse.value.simulated).toBe(false);
  });

  it('sets the desired accuracy it was asked for (0 is kCLLocationAccuracyBest)', async () => {
    const { native, double } = open();
    await request(native, 1000).done;
    expect(double.counters().lastDesiredAccuracy).toBe(1000);
    await request(native, 0).done;
    expect(double.counters().lastDesiredAccuracy).toBe(-1);
  });

  it('treats kCLErrorLocationUnknown as transient and answers with the next fix', async () => {
    const { native, double } = open();
    double.queueError(CL.errorLocationUnknown);
    const outcome = await request(native).done;
    expect(outcome.ok).toBe(true);
    expect(double.counters().requestLocation).toBe(2);
  });

  it('fails with POSITION_UNAVAILABLE on a permanent error, keeping the CoreLocation code', async () => {
    const { native, double } = open();
    double.queueError(CL.errorNetwork);
    expect(await request(native).done).toMatchObject({
      ok: false,
      error: { code: 'POSITION_UNAVAILABLE', domain: 'kCLErrorDomain', nativeCode: CL.errorNetwork },
    });
  });

  it('drops a delivered fix older than maximumAge and asks again', async () => {
    const { native, double } = open();
    double.queueFix({ ...BERLIN, latitude: 10, horizontalAccuracy: 30, ageSeconds: 600 });
    const outcome = await request(native, 100, 1000).done;
    expect(outcome.ok && outcome.value.latitude).toBeCloseTo(BERLIN.latitude, 6);
    expect(double.counters().requestLocation).toBe(2);
  });

  it("answers from CoreLocation's cached fix only when it is young enough", async () => {
    const { native, double } = open();
    double.setCachedFix({ latitude: 1, longitude: 1, horizontalAccuracy: 20, ageSeconds: 30 });
    const cached = await request(native, 100, 60_000).done;
    expect(cached.ok && cached.value.latitude).toBe(1);
    expect(double.counters().requestLocation).toBe(0);
    double.setCachedFix({ latitude: 1, longitude: 1, horizontalAccuracy: 20, ageSeconds: 30 });
    const fresh = await request(native, 100, 1000).done;
    expect(fresh.ok && fresh.value.latitude).toBeCloseTo(BERLIN.latitude, 6);
    expect(double.counters().requestLocation).toBe(1);
  });

  it('lets a slow fix lose to the core timeout, and win a longer one', async () => {
    const { backend, double } = open();
    double.setFixDelay(300);
    const locator = new Locator(() => backend);
    await expect(locator.getLocation({ timeout: 100 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const fix = await locator.getLocation({ timeout: 2000 });
    expect(fix.latitude).toBeCloseTo(BERLIN.latitude, 6);
  });

  it('cancels: ABORTED once, and CoreLocation is stopped when nothing is left', async () => {
    const { native, double } = open();
    double.holdFixes(true);
    const pending = request(native);
    await sleep(20);
    native.cancel(pending.id);
    native.cancel(pending.id);
    expect(await pending.done).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    await waitFor(() => double.counters().stopUpdating >= 1);
  });

  it('delivers several watch fixes, each watch with its own distance filter', async () => {
    const { native, double } = open();
    const every = watch(native, 100, 0);
    const coarse = watch(native, 100, 1000);
    await waitFor(() => every.fixes.length >= 1 && coarse.fixes.length >= 1);
    double.moveTo(BERLIN.latitude + 0.001, BERLIN.longitude); // ~111 m
    await waitFor(() => every.fixes.length >= 2);
    double.moveTo(BERLIN.latitude + 0.02, BERLIN.longitude); // ~2.2 km
    await waitFor(() => every.fixes.length >= 3 && coarse.fixes.length >= 2);
    expect(coarse.fixes).toHaveLength(2);
    expect(double.counters().startUpdating).toBe(1);
    native.stopWatch(every.id);
    native.stopWatch(coarse.id);
    await waitFor(() => double.counters().stopUpdating >= 1);
  });

  it('passes the smallest distance filter to CoreLocation', async () => {
    const { native, double } = open();
    const a = watch(native, 100, 250);
    const b = watch(native, 100, 50);
    await waitFor(() => a.fixes.length > 0 && b.fixes.length > 0);
    expect(double.counters().lastDistanceFilter).toBe(50);
  });

  it('serves a request during a watch by restarting the update, and hands it back to requestLocation', async () => {
    const { native, double } = open();
    const first = watch(native);
    await waitFor(() => first.fixes.length === 1);
    // A watch joining a running update starts from its latest fix.
    const second = watch(native);
    await waitFor(() => second.fixes.length === 1);
    double.holdFixes(true);
    const pending = request(native);
    await waitFor(() => double.counters().startUpdating === 2);
    native.stopWatch(first.id);
    native.stopWatch(second.id);
    await waitFor(() => double.counters().requestLocation === 1);
    double.holdFixes(false);
    expect((await pending.done).ok).toBe(true);
  });

  it('startUpdatingLocation cancels a pending requestLocation; the request is still answered', async () => {
    const { native, double } = open();
    double.holdFixes(true);
    const pending = request(native);
    await waitFor(() => double.counters().requestLocation === 1);
    const w = watch(native);
    await waitFor(() => double.counters().startUpdating === 1);
    expect(double.counters().requestsCancelledByUpdates).toBe(1);
    double.holdFixes(false);
    expect((await pending.done).ok).toBe(true);
    await waitFor(() => w.fixes.length > 0);
  });

  it('close() settles every pending request and watch with ABORTED and frees the manager', async () => {
    const { native, double } = open();
    double.holdFixes(true);
    const pending = request(native);
    const w = watch(native);
    await sleep(20);
    native.close();
    expect(await pending.done).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
    await waitFor(() => w.errors.length === 1);
    expect(() => native.requestLocation(1, 0, () => {}, () => {})).toThrow(/closed/);
    native.close();
    expect(double.counters().liveManagers).toBe(0);
  });
});
