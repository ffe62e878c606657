/**
 * Property-based fuzzing of every public function's arguments: thousands of
 * generated inputs, each call bounded, and every failure a TypeError, a
 * RangeError or a LocationError. It runs with a simulated position (the
 * calls reach the core and the backend), with none (no backend can serve:
 * the native paths are pointed at files that do not exist, so the result
 * does not depend on what this machine has built or installed), and through
 * the addon over the CoreLocation double when it is built (the arguments
 * reach native code).
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/default-locator.js';
import { geolocation } from '../../src/geolocation/index.js';
import * as api from '../../src/index.js';
import { installScriptedLocation } from '../../src/testing/index.js';
import {
  activeResources,
  addresses,
  expectNoMoreResources,
  anyValue,
  describeFailure,
  isAllowedFailure,
  optionsArgument,
  points,
  settleWithin,
} from './arbitraries.js';
import { NO_DOUBLE, doubleAddon } from './native-double.js';

/** Far above what any of these calls needs; reaching it is a hang. */
const BOUND_MS = 5000;
const RUNS = Number(process.env['WHEREAMI_FUZZ_RUNS'] ?? 400);

type Call = () => unknown;

/** Runs a call that may throw or return a promise; fails on a hang or a disallowed error. */
async function check(call: Call, what: string): Promise<{ ok: boolean; value?: unknown }> {
  let returned: unknown;
  try {
    returned = call();
  } catch (error) {
    if (!isAllowedFailure(error)) throw new Error(`${what} threw ${describeFailure(error)}`);
    return { ok: false };
  }
  if (!(returned instanceof Promise)) return { ok: true, value: returned };
  const outcome = await settleWithin(returned, BOUND_MS, what);
  if (!outcome.ok) {
    if (!isAllowedFailure(outcome.error)) throw new Error(`${what} rejected with ${describeFailure(outcome.error)}`);
    return { ok: false };
  }
  return { ok: true, value: outcome.value };
}

function expectFix(value: unknown): void {
  const fix = value as api.Location;
  expect(Number.isFinite(fix.latitude) && Number.isFinite(fix.longitude) && fix.accuracy > 0).toBe(true);
}

const modes: { name: string; env: Record<string, string>; serves: boolean }[] = [
  { name: 'with WHEREAMI_SIMULATE set', env: { WHEREAMI_SIMULATE: '52.52,13.405,25' }, serves: true },
  { name: 'with no backend that can serve', env: {}, serves: false },
  doubleAddon
    ? { name: 'through the addon over the CoreLocation double', env: { WHEREAMI_BACKEND: 'addon', WHEREAMI_ADDON_PATH: doubleAddon }, serves: true }
    : { name: `through the addon over the CoreLocation double (${NO_DOUBLE}: no backend serves)`, env: {}, serves: false },
];

const NATIVE_NOWHERE = {
  WHEREAMI_ADDON_PATH: '/nonexistent/whereami-fuzz/whereami.node',
  WHEREAMI_HELPER_PATH: '/nonexistent/whereami-fuzz/whereami-helper',
};
const TOUCHED = ['WHEREAMI_SIMULATE', 'WHEREAMI_BACKEND', 'WHEREAMI_ADDON_PATH', 'WHEREAMI_HELPER_PATH'];

describe.each(modes)('public functions take any argument $name', ({ env, serves }) => {
  const saved: Record<string, string | undefined> = {};
  let resourcesBefore: Record<string, number>;

  beforeAll(() => {
    for (const key of TOUCHED) saved[key] = process.env[key];
    for (const key of TOUCHED) delete process.env[key];
    Object.assign(process.env, NATIVE_NOWHERE, env);
    if (env['WHEREAMI_ADDON_PATH']) {
      // Loaded here, on the main thread, as GNUstep needs; an authorized machine with a fix.
      const double = (createRequire(import.meta.url)(env['WHEREAMI_ADDON_PATH']) as { testDouble: { reset(): void; setAuthorizationStatus(s: number): void } }).testDouble;
      double.reset();
      double.setAuthorizationStatus(3);
    }
    resourcesBefore = activeResources();
  });

  afterAll(() => {
    api.clearLocationCache();
    defaultRegistry.closeAll();
    for (const key of TOUCHED) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('getLocation(options)', async () => {
    let resolved = 0;
    await fc.assert(
      fc.asyncProperty(optionsArgument, async (options) => {
        const outcome = await check(() => api.getLocation(options as api.LocationOptions), 'getLocation');
        if (outcome.ok) {
          expectFix(outcome.value);
          resolved += 1;
        }
      }),
      { numRuns: RUNS * 3 },
    );
    // The generator must reach the success path too, or the property says little.
    if (serves) expect(resolved).toBeGreaterThan(RUNS / 10);
    else expect(resolved).toBe(0);
  });

  it('watchLocation(options), read and stopped', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArgument, fc.boolean(), async (options, viaReturn) => {
        const made = await check(() => api.watchLocation(options as api.WatchOptions), 'watchLocation');
        if (!made.ok) return;
        const watch = made.value as api.LocationWatch;
        const first = await check(() => watch.next(), 'watchLocation().next()');
        if (first.ok) {
          const result = first.value as IteratorResult<api.Location>;
          if (!result.done) expectFix(result.value);
        }
        if (viaReturn) await check(() => watch.return?.(), 'watchLocation().return()');
        else watch.stop();
        const after = await check(() => watch.next(), 'next() after stop');
        if (after.ok) expect((after.value as IteratorResult<api.Location>).done).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('subscribeLocation(listener, options)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant('listener'), anyValue), optionsArgument, async (given, options) => {
        let heard!: () => void;
        const first = new Promise<void>((resolve) => (heard = resolve));
        const listener =
          given === 'listener'
            ? {
                location: (fix: api.Location) => {
                  expectFix(fix);
                  heard();
                },
                error: (error: unknown) => {
                  if (!isAllowedFailure(error)) throw new Error(`listener got ${describeFailure(error)}`);
                  heard();
                },
              }
            : given;
        const made = await check(
          () => api.subscribeLocation(listener as api.WatchListener, options as api.WatchOptions),
          'subscribeLocation',
        );
        if (!made.ok) return;
        const subscription = made.value as api.Subscription;
        // A fix, or an error (an aborted signal): never silence.
        await settleWithin(first, BOUND_MS, 'the first watch callback');
        subscription.stop();
        expect(subscription.active).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('the permission and status functions', async () => {
    const functions = {
      getAuthorizationStatus: api.getAuthorizationStatus,
      requestAuthorization: api.requestAuthorization,
      locationServicesEnabled: api.locationServicesEnabled,
      getAccuracyAuthorization: api.getAccuracyAuthorization,
      getBackendInfo: api.getBackendInfo,
    } as Record<string, (options?: unknown) => unknown>;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(functions)), optionsArgument, async (name, options) => {
        await check(() => functions[name]?.(options), name);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('reverseGeocode(point, options) and forwardGeocode(address, options)', async () => {
    await fc.assert(
      fc.asyncProperty(points, addresses, optionsArgument, async (point, address, options) => {
        await check(() => api.reverseGeocode(point as api.Coordinates, options as api.GeocodeOptions), 'reverseGeocode');
        await check(() => api.forwardGeocode(address as string, options as api.GeocodeOptions), 'forwardGeocode');
      }),
      { numRuns: RUNS },
    );
  });

  it('navigator-style geolocation: each request calls back exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant('callback'), anyValue),
        fc.oneof(fc.constant('callback'), fc.constant(null), anyValue),
        optionsArgument,
        async (successGiven, errorGiven, options) => {
          let calls = 0;
          let called!: () => void;
          const once = new Promise<void>((resolve) => (called = resolve));
          const callback = (): void => {
            calls += 1;
            called();
          };
          const success = successGiven === 'callback' ? callback : successGiven;
          const failure = errorGiven === 'callback' ? callback : errorGiven;
          const made = await check(
            () => geolocation.getCurrentPosition(success as PositionCallback, failure as null, options as null),
            'getCurrentPosition',
          );
          if (!made.ok || success !== callback) return;
          if (failure === callback) {
            await settleWithin(once, BOUND_MS, 'getCurrentPosition callback');
            // A second call would come on a later task: give it the chance.
            await new Promise((resolve) => setTimeout(resolve, 1));
            expect(calls).toBe(1);
          }
          const id = await check(
            () => geolocation.watchPosition(success as PositionCallback, failure as null, options as null),
            'watchPosition',
          );
          await check(() => geolocation.clearWatch(id.value as number), 'clearWatch');
        },
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(anyValue, async (id) => {
        await check(() => geolocation.clearWatch(id as number), 'clearWatch');
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves no timer or handle behind', async () => {
    // Signals that abort later, watches that were stopped: give them a turn to finish.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expectNoMoreResources(resourcesBefore);
  });
});

type PositionCallback = Parameters<typeof geolocation.getCurrentPosition>[0];

describe('the test kit takes any argument', () => {
  it('installScriptedLocation(position, options) and its scripting methods', async () => {
    const methods = [
      'setPosition',
      'setTrack',
      'setAuthorizationStatus',
      'setPermissionAnswer',
      'setServicesEnabled',
      'setAccuracyAuthorization',
      'failNext',
      'failWatches',
      'setLatency',
      'setNeverAnswer',
      'setGeocoderAnswers',
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(points, anyValue),
        anyValue,
        fc.constantFrom(...methods),
        fc.oneof(points, anyValue, fc.constantFrom('authorized', 'denied', 'TIMEOUT', 'full', 0, 5, true)),
        async (position, options, method, argument) => {
          const made = await check(
            () => installScriptedLocation(position as { latitude: number; longitude: number }, options as undefined),
            'installScriptedLocation',
          );
          if (!made.ok) return;
          const kit = made.value as ReturnType<typeof installScriptedLocation>;
          try {
            await check(() => (kit[method] as (value: unknown) => unknown)(argument), `ScriptedLocation.${method}`);
            // Whatever was scripted, a bounded request settles with an allowed outcome.
            kit.setLatency(0);
            kit.setNeverAnswer(false);
            await check(() => api.getLocation({ timeout: 1000 }), 'getLocation after scripting');
          } finally {
            kit.uninstall();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
