/**
 * The backend contract suite: one set of tests every backend must pass, run
 * against the simulated backend, the fake native binding, and (in
 * test/native) the addon and helper built against the CoreLocation double.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, ProviderWatch } from '../../src/backends/contract.js';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import type { Location } from '../../src/types.js';

export type ScriptableFailure = 'PERMISSION_DENIED' | 'POSITION_UNAVAILABLE' | 'SERVICES_DISABLED';

export interface ContractHarness {
  backend: Backend;
  /** Where the backend will report the machine to be. */
  expected: { latitude: number; longitude: number; accuracy?: number };
  /** Hooks to make the provider misbehave; tests needing one are skipped, saying why, when absent. */
  script?: {
    failNext(code: ScriptableFailure): void;
    neverAnswer(on: boolean): void;
    /** Moves the machine; active watches must get the new position. */
    moveTo(latitude: number, longitude: number): void;
  };
  close(): Promise<void> | void;
  /**
   * A machine where this process has no location permission and nobody
   * answers a prompt (a hosted CI Mac): every location call must settle
   * within `timeoutMs` (prompt included) with one of PERMISSIONLESS_CODES,
   * or with a well-formed fix should permission exist after all; a watch may
   * instead stay silent while the status is notDetermined.
   */
  permissionless?: { timeoutMs: number };
}

/** The errors a machine without location permission gives. */
export const PERMISSIONLESS_CODES = ['PERMISSION_DENIED', 'SERVICES_DISABLED', 'TIMEOUT', 'POSITION_UNAVAILABLE'];

const STATUSES = ['notDetermined', 'restricted', 'denied', 'authorized'];

function expectWellFormed(fix: Location): void {
  expect(Number.isFinite(fix.latitude)).toBe(true);
  expect(Number.isFinite(fix.longitude)).toBe(true);
  expect(fix.accuracy).toBeGreaterThanOrEqual(0);
  expect(Number.isFinite(fix.timestamp)).toBe(true);
  expect(Math.abs(Date.now() - fix.timestamp)).toBeLessThan(60_000);
  expect(typeof fix.provider).toBe('string');
  for (const key of ['altitudeAccuracy', 'speed', 'speedAccuracy', 'course', 'courseAccuracy'] as const) {
    const value = fix[key];
    if (value !== undefined) expect(value, `${key} must not be a negative sentinel`).toBeGreaterThanOrEqual(0);
  }
  for (const [key, value] of Object.entries(fix)) {
    expect(value, `${key} must be absent rather than undefined/null`).not.toBeNull();
  }
}

function nextFix(backend: Backend, accuracy = 100): { fix: Promise<Location>; handle: ProviderWatch; fixes: Location[] } {
  const fixes: Location[] = [];
  let handle!: ProviderWatch;
  const fix = new Promise<Location>((resolve, reject) => {
    handle = backend.watch(
      { accuracy, distanceFilter: 0 },
      {
        location: (f) => {
          fixes.push(f);
          resolve(f);
        },
        error: reject,
      },
    );
  });
  return { fix, handle, fixes };
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A one-shot request that must settle: a fix, or (permissionless) one of its errors. */
async function locate(h: ContractHarness, accuracy: number): Promise<Location | undefined> {
  if (!h.permissionless) return h.backend.getLocation({ accuracy, maximumAge: 0, signal: new AbortController().signal });
  const locator = new Locator(() => h.backend);
  const outcome = await locator
    // The core names 0 m 'best'.
    .getLocation({ accuracy: accuracy === 0 ? 'best' : accuracy, timeout: h.permissionless.timeoutMs, timeoutIncludesPrompt: true })
    .catch((error: unknown) => error);
  if (outcome instanceof Error && !(outcome instanceof LocationError)) throw outcome;
  if (!(outcome instanceof LocationError)) return outcome as Location;
  expect(PERMISSIONLESS_CODES).toContain(outcome.code);
  expect(outcome.message.length).toBeGreaterThan(10);
  return undefined;
}

/**
 * Permissionless: a watch's first event within the time limit, an error with
 * one of the permissionless codes, or silence while the status is not
 * determined (nobody answers the prompt).
 */
async function watchSettles(h: ContractHarness, accuracy: number, timeoutMs: number): Promise<void> {
  let handle!: ProviderWatch;
  const first = new Promise<Location | LocationError | 'silent'>((resolve) => {
    handle = h.backend.watch({ accuracy, distanceFilter: 0 }, { location: resolve, error: resolve });
    setTimeout(() => resolve('silent'), timeoutMs);
  });
  const outcome = await first;
  handle.stop();
  if (outcome === 'silent') expect(await h.backend.authorizationStatus()).toBe('notDetermined');
  else if (outcome instanceof LocationError) expect(PERMISSIONLESS_CODES).toContain(outcome.code);
  else expectWellFormed(outcome);
}

export function describeBackendContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`backend contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    const signal = (): AbortSignal => new AbortController().signal;
    const scripted = (test: string): string => `${test} (skipped where the backend cannot be scripted)`;

    it('answers a one-shot request with the expected, well-formed fix', async () => {
      const fix = await locate(h, 100);
      if (!fix) return;
      // Permission after all, somewhere unknown.
      if (h.permissionless) return expectWellFormed(fix);
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
      expect(fix.longitude).toBeCloseTo(h.expected.longitude, 6);
      if (h.expected.accuracy !== undefined) expect(fix.accuracy).toBeCloseTo(h.expected.accuracy, 3);
      expect(fix.provider).toBe(h.backend.info.provider);
    });

    it('answers many sequential and concurrent requests', async () => {
      for (let i = 0; i < 5; i += 1) {
        const fix = await locate(h, 0);
        if (fix) expectWellFormed(fix);
      }
      const all = await Promise.all(Array.from({ length: 20 }, () => locate(h, 1000)));
      expect(all).toHaveLength(20);
      for (const fix of all) if (fix && !h.permissionless) expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
    });

    it('rejects with ABORTED when the signal aborts, and stays usable', async (ctx) => {
      if (!h.script) return ctx.skip();
      h.script.neverAnswer(true);
      const controller = new AbortController();
      const pending = h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
      h.script.neverAnswer(false);
      expectWellFormed(await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() }));
    });

    it('rejects at once for an already aborted signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal })).rejects.toBeInstanceOf(
        LocationError,
      );
    });

    for (const code of ['PERMISSION_DENIED', 'POSITION_UNAVAILABLE', 'SERVICES_DISABLED'] as const) {
      it(scripted(`reports ${code} as a LocationError with that code`), async (ctx) => {
        if (!h.script) return ctx.skip();
        h.script.failNext(code);
        const error = (await h.backend
          .getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })
          .catch((e: unknown) => e)) as LocationError;
        expect(error).toBeInstanceOf(LocationError);
        expect(error.code).toBe(code);
        expect(error.message.length).toBeGreaterThan(10);
      });
    }

    it(scripted('times out through the core when the provider never answers, then recovers'), async (ctx) => {
      if (!h.script) return ctx.skip();
      h.script.neverAnswer(true);
      const locator = new Locator(() => h.backend);
      await expect(locator.getLocation({ timeout: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      h.script.neverAnswer(false);
      expectWellFormed(await locator.getLocation({ timeout: 5000 }));
    });

    it('delivers watch fixes until stopped, and stop is idempotent', async () => {
      if (h.permissionless) return watchSettles(h, 100, h.permissionless.timeoutMs);
      const watch = nextFix(h.backend);
      const fix = await watch.fix;
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
      watch.handle.stop();
      watch.handle.stop();
    });

    it(scripted('delivers a moved position to an active watch'), async (ctx) => {
      if (!h.script) return ctx.skip();
      const watch = nextFix(h.backend);
      await watch.fix;
      h.script.moveTo(h.expected.latitude + 0.01, h.expected.longitude + 0.01);
      await waitFor(() => watch.fixes.some((f) => Math.abs(f.latitude - (h.expected.latitude + 0.01)) < 1e-6));
      const before = watch.fixes.length;
      watch.handle.stop();
      h.script.moveTo(h.expected.latitude + 0.02, h.expected.longitude);
      await new Promise((r) => setTimeout(r, 100));
      expect(watch.fixes.length).toBe(before);
    });

    it('runs several watches side by side', async () => {
      if (h.permissionless) {
        await Promise.all([watchSettles(h, 100, h.permissionless.timeoutMs), watchSettles(h, 10, h.permissionless.timeoutMs)]);
        return;
      }
      const a = nextFix(h.backend);
      const b = nextFix(h.backend, 10);
      await Promise.all([a.fix, b.fix]);
      a.handle.stop();
      b.handle.stop();
    });

    it('reports authorization, services and accuracy authorization with known values', async () => {
      expect(STATUSES).toContain(await h.backend.authorizationStatus());
      expect(typeof (await h.backend.locationServicesEnabled())).toBe('boolean');
      expect(['full', 'reduced']).toContain(await h.backend.accuracyAuthorization());
    });

    it('describes itself', () => {
      expect(['addon', 'helper', 'simulated']).toContain(h.backend.info.name);
      expect(typeof h.backend.info.provider).toBe('string');
    });
  });
}
