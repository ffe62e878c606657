/**
 * CoreLocation as it behaves on a real Mac, and the provider coping:
 * Location Services switched off and on under a running watch, the cached
 * fix that startUpdatingLocation hands back first, requestLocation answering
 * from the cache, a process without a usage description that never gets a
 * prompt, a best-accuracy fix that takes long.
 */
import { describe, expect, it } from 'vitest';
import { Locator } from '../../src/locator.js';
import { answer, request, watch } from './support/calls.js';
import { BERLIN, CL, doubleAvailable, doubleSuite, sleep, waitFor } from './support/double.js';

const PARIS = { latitude: 48.8566, longitude: 2.3522, horizontalAccuracy: 30 };

describe.skipIf(!doubleAvailable())('CoreLocation bridge: CoreLocation as unkind as the real one (double)', () => {
  const suite = doubleSuite();
  const open = (status?: number) => suite.open(status);

  it('with Location Services off the status reads denied and nothing prompts', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setServicesEnabled(false);
    expect(await answer<string>((cb) => native.authorizationStatus(cb))).toEqual({ ok: true, value: 'denied' });
    expect(await answer<string>((cb) => native.requestAuthorization(cb))).toEqual({ ok: true, value: 'denied' });
    expect(double.promptShowing()).toBe(false);
    expect(await request(native).done).toMatchObject({ ok: false, error: { code: 'SERVICES_DISABLED' } });
    double.setServicesEnabled(true);
    expect(await answer<string>((cb) => native.authorizationStatus(cb))).toEqual({
      ok: true,
      value: 'notDetermined',
    });
  });

  it('ends a quiet watch with SERVICES_DISABLED as soon as Location Services are switched off', async () => {
    const { native, double } = open(CL.authorized);
    const w = watch(native);
    await waitFor(() => w.fixes.length > 0);
    // No fix is due: only the delegate's authorization callback can tell.
    double.holdFixes(true);
    double.setServicesEnabled(false);
    await waitFor(() => w.errors.length > 0);
    expect(w.errors).toEqual([expect.objectContaining({ code: 'SERVICES_DISABLED' })]);
  });

  it("a watch never reports the old cached fix startUpdatingLocation hands back first", async () => {
    const { native, double } = open(CL.authorized);
    double.setCachedFix({ ...PARIS, ageSeconds: 600 });
    const w = watch(native);
    await waitFor(() => w.fixes.length > 0);
    await sleep(50);
    expect(w.fixes.map((f) => Math.round(f.latitude))).not.toContain(Math.round(PARIS.latitude));
    expect(w.fixes[0]?.latitude).toBeCloseTo(BERLIN.latitude, 6);
  });

  it('a request with maximumAge 0 skips a cached answer from requestLocation and gets a fresh fix', async () => {
    const { native, double } = open(CL.authorized);
    double.setCachedFix({ ...PARIS, ageSeconds: 600 });
    double.answerFromCache(1);
    const outcome = await request(native, 100, 0).done;
    expect(outcome.ok && outcome.value.latitude).toBeCloseTo(BERLIN.latitude, 6);
    expect(double.counters().requestLocation).toBe(2);
  });

  it('a request takes a cached answer from requestLocation that is fresh enough', async () => {
    const { native, double } = open(CL.authorized);
    // Taken a moment ago: within the slack a Wi-Fi fix needs to arrive.
    double.setCachedFix({ ...PARIS, ageSeconds: 1 });
    double.answerFromCache(1);
    const outcome = await request(native, 100, 0).done;
    expect(outcome.ok && outcome.value.latitude).toBeCloseTo(PARIS.latitude, 6);
    expect(double.counters().requestLocation).toBe(1);
  });

  it('a process without a usage description gets no prompt; requestAuthorization still settles within its limit', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setUsageDescription(false);
    const started = Date.now();
    const status = await answer<string>((cb) => native.requestAuthorization(cb, 300));
    expect(status).toEqual({ ok: true, value: 'notDetermined' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(double.promptShowing()).toBe(false);
    expect(double.counters().authorizationRequests).toBe(1);
  });

  it('a request without a usage description ends at the prompt limit with a TIMEOUT that says so', async () => {
    const { backend, double } = open(CL.notDetermined);
    double.setUsageDescription(false);
    const locator = new Locator(() => backend, { promptLimitMs: 300 });
    await expect(locator.getLocation({ timeout: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/prompt/) as unknown,
    });
  });

  it('asks for authorization again for each new waiter: a prompt that never appeared is not the end', async () => {
    const { backend, native, double } = open(CL.notDetermined);
    double.setUsageDescription(false);
    const locator = new Locator(() => backend, { promptLimitMs: 200 });
    await expect(locator.getLocation({ timeout: 100 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    // The same long-lived provider, now in a process that can prompt.
    double.setUsageDescription(true);
    double.setPromptAnswer(CL.authorized, 10);
    const prompts: boolean[] = [];
    const outcome = await request(native, 100, 0, prompts).done;
    expect(outcome.ok).toBe(true);
    expect(prompts).toEqual([true, false]);
    expect(double.counters().authorizationRequests).toBeGreaterThanOrEqual(2);
  });

  it('a second requestAuthorization asks again while the first still waits', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setUsageDescription(false);
    const first = answer<string>((cb) => native.requestAuthorization(cb, 5000));
    await waitFor(() => double.counters().authorizationRequests === 1);
    double.setUsageDescription(true);
    double.setPromptAnswer(CL.authorized, 10);
    const second = answer<string>((cb) => native.requestAuthorization(cb, 5000));
    expect(await second).toEqual({ ok: true, value: 'authorized' });
    expect(await first).toEqual({ ok: true, value: 'authorized' });
  });

  it('waits out a slow best-accuracy fix within a long timeout, and a short one times out', async () => {
    const { backend, double } = open(CL.authorized);
    double.setBestAccuracyDelay(400);
    const locator = new Locator(() => backend);
    const started = Date.now();
    await expect(locator.getLocation({ accuracy: 'best', timeout: 150 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const fix = await locator.getLocation({ accuracy: 'best', timeout: 5000 });
    expect(fix.latitude).toBeCloseTo(BERLIN.latitude, 6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    // A coarse request is not slowed.
    const quick = Date.now();
    await locator.getLocation({ accuracy: 1000, timeout: 5000 });
    expect(Date.now() - quick).toBeLessThan(300);
  });

  it('tells a watch about the prompt, as a request: onPrompt true, then false once answered', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setPromptAnswer(CL.authorized, -1);
    const w = watch(native);
    await waitFor(() => double.promptShowing() && w.prompts.length === 1);
    expect(w.prompts).toEqual([true]);
    double.answerPrompt(CL.authorized);
    await waitFor(() => w.fixes.length > 0);
    expect(w.prompts).toEqual([true, false]);
  });

  it("keeps the prompt out of a watch's timeout by default, and counts it when asked", async () => {
    const { backend, double } = open(CL.notDetermined);
    double.setPromptAnswer(CL.authorized, 400);
    const locator = new Locator(() => backend);
    const events: string[] = [];
    let subscription: { stop(): void } | undefined;
    const first = new Promise<void>((resolve) => {
      subscription = locator.watch(
        { timeout: 100 },
        {
          location: () => {
            events.push('fix');
            resolve();
          },
          error: (error) => events.push(error.code),
        },
      );
    });
    await first;
    subscription?.stop();
    expect(events[0]).toBe('fix');

    const second = open(CL.notDetermined);
    second.double.setPromptAnswer(CL.authorized, 400);
    const counting = new Locator(() => second.backend);
    let counted: { stop(): void } | undefined;
    const timedOut = new Promise<string>((resolve) => {
      counted = counting.watch(
        { timeout: 100, timeoutIncludesPrompt: true },
        { location: () => resolve('fix'), error: (e) => resolve(e.code) },
      );
    });
    expect(await timedOut).toBe('TIMEOUT');
    counted?.stop();
  });
});
