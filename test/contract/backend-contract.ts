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
  /** Hooks to make the provider misbehave. Every backend gives them all: no case skips. */
  script: {
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
}

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

    it('answers a one-shot request with the expected, well-formed fix', async () => {
      const fix = await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
      expect(fix.longitude).toBeCloseTo(h.expected.longitude, 6);
      if (h.expected.accuracy !== undefined) expect(fix.accuracy).toBeCloseTo(h.expected.accuracy, 3);
      expect(fix.provider).toBe(h.backend.info.provider);
    });

    it('answers many sequential and concurrent requests', async () => {
      for (let i = 0; i < 5; i += 1) {
        expectWellFormed(await h.backend.getLocation({ accuracy: 0, maximumAge: 0, signal: signal() }));
      }
      const all = await Promise.all(
        Array.from({ length: 20 }, () => h.backend.getLocation({ accuracy: 1000, maximumAge: 0, signal: signal() })),
      );
      expect(all).toHaveLength(20);
      for (const fix of all) expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
    });

    it('serves ACCURACY_LEVELS.best (0 metres) through the core', async () => {
      const locator = new Locator(() => h.backend);
      const fix = await locator.getLocation({ accuracy: ACCURACY_LEVELS.best, timeout: 20_000 });
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
    });

    it('rejects with ABORTED when the signal aborts, and stays usable', async () => {
      await h.script.neverAnswer(true);
      const controller = new AbortController();
      const pending = h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
      await h.script.neverAnswer(false);
      expectWellFormed(await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() }));
    });

    it('rejects an already aborted signal with ABORTED, without asking the provider', async () => {
      const before = await h.script.providerRequests();
      const controller = new AbortController();
      controller.abort();
      const error = (await h.backend
        .getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal })
        .catch((e: unknown) => e)) as LocationError;
      expect(error).toBeInstanceOf(LocationError);
      expect(error.code).toBe('ABORTED');
      expect(await h.script.providerRequests()).toBe(before);
      // The count is real: a live request does reach the provider.
      await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      expect(await h.script.providerRequests()).toBe(before + 1);
    });

    for (const code of ['PERMISSION_DENIED', 'POSITION_UNAVAILABLE', 'SERVICES_DISABLED'] as const) {
      it(`reports ${code} as a LocationError with that code and a message, then serves again`, async () => {
        const failing = (await h.script.failNext(code)) ?? h.backend;
        const error = (await failing
          .getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })
          .catch((e: unknown) => e)) as LocationError;
        if (failing !== h.backend) failing.close();
        expect(error).toBeInstanceOf(LocationError);
        expect(error.code).toBe(code);
        expect(error.message.length).toBeGreaterThan(10);
        await h.script.recover();
        expect((await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() })).latitude).toBeCloseTo(h.expected.latitude, 6);
      });
    }

    it('times out through the core when the provider never answers, then recovers', async () => {
      await h.script.neverAnswer(true);
      const locator = new Locator(() => h.backend);
      await expect(locator.getLocation({ timeout: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
      await h.script.neverAnswer(false);
      expectWellFormed(await locator.getLocation({ timeout: 5000 }));
    });

    it('delivers watch fixes at the expected position; stop is idempotent', async () => {
      const watch = nextFix(h.backend);
      const fix = await watch.fix;
      expectWellFormed(fix);
      expect(fix.latitude).toBeCloseTo(h.expected.latitude, 6);
      expect(fix.longitude).toBeCloseTo(h.expected.longitude, 6);
      watch.handle.stop();
      watch.handle.stop();
    });

    it('delivers a moved position to an active watch, and nothing after stop()', async () => {
      const watch = nextFix(h.backend);
      await watch.fix;
      await h.script.moveTo(h.expected.latitude + 0.01, h.expected.longitude + 0.01);
      await waitFor(() => watch.fixes.some((f) => Math.abs(f.latitude - (h.expected.latitude + 0.01)) < 1e-6));
      watch.handle.stop();
      const before = watch.fixes.length;
      // Moves after stop() would each make a fix for a live watch: none may arrive.
      for (const step of [0.02, 0.03, 0.04]) {
        await h.script.moveTo(h.expected.latitude + step, h.expected.longitude);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(watch.fixes.length).toBe(before);
    });

    it('runs several watches side by side, each getting every move', async () => {
      const watches = [nextFix(h.backend), nextFix(h.backend, 10), nextFix(h.backend, 1000)];
      await Promise.all(watches.map((w) => w.fix));
      const moves = [0.011, 0.022];
      for (const step of moves) {
        await h.script.moveTo(h.expected.latitude + step, h.expected.longitude);
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
      const fix = await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      expect(fix.provider).toBe(h.backend.info.provider);
    });

    it('once closed, rejects new requests and watches with a clear error, and asks the provider nothing', async () => {
      await h.backend.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
      h.backend.close();
      const before = await h.script.providerRequests();
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
      expect(await h.script.providerRequests()).toBe(before);
      h.backend.close(); // twice is fine
    });
  });
}
