/**
 * The backend contract suite: one set of tests every backend must pass, run
 * against the simulated backend, the fake native binding, and (in
 * test/native) the addon and helper built against the CoreLocation double.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend, ProviderWatch } from '../../src/backends/contract.js';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import { ACCURACY_LEVELS, type Location } from '../../src/types.js';

export type ScriptableFailure = 'PERMISSION_DENIED' | 'POSITION_UNAVAILABLE' | 'SERVICES_DISABLED';

export interface ContractHarness {
  backend: Backend;
  /** Where the backend will report the machine to be. */
  expected: { latitude: number; longitude: number; accuracy?: number };
  /**
   * Hooks to make the provider misbehave. Every backend that can be scripted
   * gives them all, and every case runs; only a permissionless harness (a real
   * Mac with no one to answer) has none, and runs the cases that need none.
   */
  script?: {
    /**
     * Makes the next location request fail with this code. Where a failure
     * belongs to a client rather than a request (GeoClue refuses a desktop id
     * for the life of its client), it hands back the backend to ask instead.
     */
    failNext(code: ScriptableFailure): void | Backend | Promise<void | Backend>;
    /** Undoes failNext where a failure outlives its request (services stay off); may be a no-op. */
    recover(): void | Promise<void>;
    neverAnswer(on: boolean): void | Promise<void>;
    /** Moves the machine; active watches must get the new position. */
    moveTo(latitude: number, longitude: number): void | Promise<void>;
    /** How many location requests reached the provider under the backend so far. */
    providerRequests(): number | Promise<number>;
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

/**
 * The contract's cases for one backend. `mode: 'permissionless'` (a machine
 * where nobody grants permission) defines only the cases that need no
 * scripting, each expecting the permissionless shapes; every other harness
 * runs them all.
 */
export function describeBackendContract(
  name: string,
  setup: () => Promise<ContractHarness>,
  mode: 'scripted' | 'permissionless' = 'scripted',
): void {
  const scripted = mode === 'scripted';
  describe(`backend contract: ${name}`, () => {
    let h: ContractHarness;
    const script = (): NonNullable<ContractHarness['script']> => {
      if (!h.script) throw new Error(`${name}: this case needs a scripted backend (harness.script)`);
      return h.script;
    };
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    const signal = (): AbortSignal => new AbortController().signal;

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

    if (scripted) it('serves ACCURACY_LEVELS.best (0 metres) through the core', async () => {
      const locator = new Locator(() => h.backend);
      const fix = await locator.getLocation({ accuracy: ACCURACY_LEVELS.best, timeout: 20_000 });
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
    });

    if (scripted) it('rejects with ABORTED when the signal aborts, and stays usable', async () => {
      await script().neverAnswer(true);
      const controller = new AbortController();
      const pending = h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
      await script().neverAnswer(false);
      expectWellFormed(await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() }));
    });

    if (scripted) it('rejects an already aborted signal with ABORTED, without asking the provider', async () => {
      const before = await script().providerRequests();
      const controller = new AbortController();
      controller.abort();
      const error = (await h.backend
        .getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal })
        .catch((e: unknown) => e)) as LocationError;
      expect(error).toBeInstanceOf(LocationError);
      expect(error.code).toBe('ABORTED');
      expect(await script().providerRequests()).toBe(before);
      // The count is real: a live request does reach the provider.
      await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      expect(await script().providerRequests()).toBe(before + 1);
    });

    if (scripted) for (const code of ['PERMISSION_DENIED', 'POSITION_UNAVAILABLE', 'SERVICES_DISABLED'] as const) {
      it(`reports ${code} as a LocationError with that code and a message, then serves again`, async () => {
        const failing = (await script().failNext(code)) ?? h.backend;
        const error = (await failing
          .getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })
          .catch((e: unknown) => e)) as LocationError;
        if (failing !== h.backend) failing.close();
        expect(error).toBeInstanceOf(LocationError);
        expect(error.code).toBe(code);
        expect(error.message.length).toBeGreaterThan(10);
        await script().recover();
        expect((await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })).latitude).toBeCloseTo(h.expected.latitude, 6);
      });
    }

    if (scripted) it('times out through the core when the provider never answers, then recovers', async () => {
      await script().neverAnswer(true);
      const locator = new Locator(() => h.backend);
      await expect(locator.getLocation({ timeout: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      await script().neverAnswer(false);
      expectWellFormed(await locator.getLocation({ timeout: 5000 }));
    });

    it('delivers watch fixes at the expected position; stop is idempotent', async () => {
      if (h.permissionless) return watchSettles(h, 100, h.permissionless.timeoutMs);
      const watch = nextFix(h.backend);
      const fix = await watch.fix;
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
      expect(fix.longitude).toBeCloseTo(h.expected.longitude, 6);
      watch.handle.stop();
      watch.handle.stop();
    });

    if (scripted) it('delivers a moved position to an active watch, and nothing after stop()', async () => {
      const watch = nextFix(h.backend);
      await watch.fix;
      await script().moveTo(h.expected.latitude + 0.01, h.expected.longitude + 0.01);
      await waitFor(() => watch.fixes.some((f) => Math.abs(f.latitude - (h.expected.latitude + 0.01)) < 1e-6));
      watch.handle.stop();
      const before = watch.fixes.length;
      // Moves after stop() would each make a fix for a live watch: none may arrive.
      for (const step of [0.02, 0.03, 0.04]) {
        await script().moveTo(h.expected.latitude + step, h.expected.longitude);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(watch.fixes.length).toBe(before);
    });

    it('runs several watches side by side, each getting every move', async () => {
      if (h.permissionless) {
        await Promise.all([watchSettles(h, 100, h.permissionless.timeoutMs), watchSettles(h, 10, h.permissionless.timeoutMs)]);
        return;
      }
      const watches = [nextFix(h.backend), nextFix(h.backend, 10), nextFix(h.backend, 1000)];
      await Promise.all(watches.map((w) => w.fix));
      const moves = [0.011, 0.022];
      for (const step of moves) {
        await script().moveTo(h.expected.latitude + step, h.expected.longitude);
        await waitFor(() => watches.every((w) => w.fixes.some((f) => Math.abs(f.latitude - (h.expected.latitude + step)) < 1e-6)));
      }
      for (const w of watches) w.handle.stop();
    });

    it('reports authorization, services on and accuracy authorization with known values', async () => {
      expect(STATUSES).toContain(await h.backend.authorizationStatus());
      // Every harness serves fixes, so its location services are on.
      expect(await h.backend.locationServicesEnabled()).toBe(true);
      expect(['full', 'reduced']).toContain(await h.backend.accuracyAuthorization());
    });

    it('describes itself with a known backend name and the provider its fixes carry', async () => {
      expect(['addon', 'helper', 'simulated']).toContain(h.backend.info.name);
      expect(['corelocation', 'geoclue', 'simulated']).toContain(h.backend.info.provider);
      // Permissionless, the answer may be one of its errors (locate checks which).
      const fix = await locate(h, 100);
      if (fix || !h.permissionless) expect(fix?.provider).toBe(h.backend.info.provider);
    });

    if (scripted) it('once closed, rejects new requests and watches with a clear error, and asks the provider nothing', async () => {
      await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      h.backend.close();
      const before = await script().providerRequests();
      const error = (await h.backend
        .getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })
        .catch((e: unknown) => e)) as LocationError;
      expect(error).toBeInstanceOf(LocationError);
      expect(error.message).toMatch(/closed/);
      const watch = nextFix(h.backend);
      const watchError = (await watch.fix.catch((e: unknown) => e)) as LocationError;
      expect(watchError).toBeInstanceOf(LocationError);
      expect(watchError.message).toMatch(/closed/);
      expect(watch.fixes).toEqual([]);
      await expect(h.backend.authorizationStatus()).rejects.toThrow(/closed/);
      expect(await script().providerRequests()).toBe(before);
      h.backend.close(); // twice is fine
    });
  });
}
