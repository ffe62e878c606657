/**
 * Scripted CoreLocation scenarios: authorization, prompts and Location
 * Services, through the bridge built against the double.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NativeBackend } from '../../src/backends/native-backend.js';
import { Locator } from '../../src/locator.js';
import { answer, request, watch } from './support/calls.js';
import { CL, doubleAvailable, freshProvider, loadDouble, sleep, waitFor, type DoubleBinding } from './support/double.js';

describe.skipIf(!doubleAvailable())('CoreLocation bridge: authorization (double)', () => {
  let binding: DoubleBinding;
  let backend: NativeBackend | undefined;
  beforeAll(() => {
    binding = loadDouble();
  });
  afterEach(() => {
    backend?.close();
    backend = undefined;
  });
  const open = (status?: number) => {
    const made = freshProvider(binding, status);
    backend = made.backend;
    return made;
  };

  it('asks while not determined, reports the prompt, then answers with a fix once authorized', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setPromptAnswer(CL.authorized, -1);
    const prompts: boolean[] = [];
    const pending = request(native, 100, 0, prompts);
    await waitFor(() => double.promptShowing() && prompts.length === 1);
    expect(prompts).toEqual([true]);
    expect(double.counters().requestLocation).toBe(0);
    double.answerPrompt(CL.authorized);
    const outcome = await pending.done;
    expect(outcome.ok).toBe(true);
    expect(prompts).toEqual([true, false]);
    expect(double.counters().authorizationRequests).toBe(1);
  });

  it('treats raw status 4 (when in use) as authorized, like 3', async () => {
    const { native } = open(CL.authorizedWhenInUse);
    expect(await answer<string>((cb) => native.authorizationStatus(cb))).toEqual({ ok: true, value: 'authorized' });
    expect((await request(native).done).ok).toBe(true);
  });

  for (const [answerStatus, word] of [
    [CL.denied, 'denied'],
    [CL.restricted, 'restricted'],
  ] as const) {
    it(`fails a waiting request with PERMISSION_DENIED when the prompt ends ${word}`, async () => {
      const { native, double } = open(CL.notDetermined);
      double.setPromptAnswer(answerStatus, 20);
      const prompts: boolean[] = [];
      const outcome = await request(native, 100, 0, prompts).done;
      expect(outcome).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      if (!outcome.ok) expect(outcome.error.message).toMatch(word === 'restricted' ? /restricted/ : /denied/);
      expect(prompts).toEqual([true, false]);
      expect(await answer<string>((cb) => native.authorizationStatus(cb))).toEqual({ ok: true, value: word });
    });
  }

  it('keeps the prompt out of the core timeout by default, and counts it when asked', async () => {
    const { backend: b, double } = open(CL.notDetermined);
    double.setPromptAnswer(CL.authorized, 300);
    const locator = new Locator(() => b);
    const fix = await locator.getLocation({ timeout: 100 });
    expect(fix.latitude).toBeCloseTo(52.520008, 6);
    b.close();

    const second = open(CL.notDetermined);
    second.double.setPromptAnswer(CL.authorized, 300);
    const counting = new Locator(() => second.backend);
    await expect(counting.getLocation({ timeout: 100, timeoutIncludesPrompt: true })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('requestAuthorization prompts once, and answers at once when already decided', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setPromptAnswer(CL.denied, 10);
    expect(await answer<string>((cb) => native.authorizationStatus(cb))).toEqual({ ok: true, value: 'notDetermined' });
    expect(await answer<string>((cb) => native.requestAuthorization(cb))).toEqual({ ok: true, value: 'denied' });
    expect(await answer<string>((cb) => native.requestAuthorization(cb))).toEqual({ ok: true, value: 'denied' });
    expect(double.counters().authorizationRequests).toBe(1);
  });

  it('fails at once with PERMISSION_DENIED when denied, and ends a watch when access is revoked', async () => {
    const { native, double } = open(CL.denied);
    expect(await request(native).done).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    double.setAuthorizationStatus(CL.authorized);
    const w = watch(native);
    await waitFor(() => w.fixes.length > 0);
    double.setAuthorizationStatus(CL.denied);
    await waitFor(() => w.errors.length > 0);
    expect(w.errors).toEqual([expect.objectContaining({ code: 'PERMISSION_DENIED' })]);
  });

  it('says SERVICES_DISABLED when Location Services are off, before and during a request', async () => {
    const { native, double } = open(CL.authorized);
    double.setServicesEnabled(false);
    expect(await answer<boolean>((cb) => native.locationServicesEnabled(cb))).toEqual({ ok: true, value: false });
    expect(await request(native).done).toMatchObject({ ok: false, error: { code: 'SERVICES_DISABLED' } });

    double.setServicesEnabled(true);
    double.holdFixes(true);
    const pending = request(native);
    await sleep(20);
    double.setServicesEnabled(false);
    double.holdFixes(false);
    // The delegate hears of the switch (an authorization change, status now
    // denied) and may hear kCLErrorDenied too: either way SERVICES_DISABLED.
    expect(await pending.done).toMatchObject({ ok: false, error: { code: 'SERVICES_DISABLED' } });
  });

  it('reports reduced accuracy authorization, and fixes come snapped to kilometres', async () => {
    const { native, double } = open(CL.authorized);
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    expect(await answer<string>((cb) => native.accuracyAuthorization(cb))).toEqual({ ok: true, value: 'reduced' });
    const outcome = await request(native, 10).done;
    expect(outcome.ok && outcome.value.accuracy).toBeGreaterThanOrEqual(5000);
  });

  it('on macOS before 11 uses the class method and the older delegate callback', async () => {
    const { native, double } = open(CL.notDetermined);
    double.setOSVersion(10, 15, 0);
    double.setAccuracyAuthorization(CL.reducedAccuracy);
    double.setPromptAnswer(CL.authorized, 10);
    const prompts: boolean[] = [];
    const outcome = await request(native, 100, 0, prompts).done;
    expect(outcome.ok).toBe(true);
    expect(prompts).toEqual([true, false]);
    // No accuracy authorization before macOS 11: always full.
    expect(await answer<string>((cb) => native.accuracyAuthorization(cb))).toEqual({ ok: true, value: 'full' });
    // No ellipsoidal altitude or source information before macOS 12.
    if (outcome.ok) {
      expect(outcome.value.ellipsoidalAltitude).toBeUndefined();
      expect(outcome.value.simulated).toBeUndefined();
    }
  });
});
