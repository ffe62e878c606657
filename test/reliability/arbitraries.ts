/**
 * Generated inputs for the reliability suite: anything at all, and option
 * objects whose members are a mix of valid values, near misses and garbage,
 * so both the checks and the paths behind them are reached.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { LocationError, LOCATION_ERROR_CODES } from '../../src/index.js';

/** Any JavaScript value fast-check can make, boxed values and null prototypes included. */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
});

const awkwardNumbers = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1,
  -1,
  0.5,
  2 ** 31 - 1,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_VALUE,
  1e308,
);

/** A signal: live, already aborted, or aborting soon. */
export const signals: fc.Arbitrary<AbortSignal> = fc.oneof(
  fc.constant(null).map(() => new AbortController().signal),
  fc.constant(null).map(() => AbortSignal.abort(new Error('fuzz'))),
  fc.integer({ min: 0, max: 5 }).map((ms) => AbortSignal.timeout(ms)),
);

const member = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: awkwardNumbers },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, true, '', '100', [], {}) },
    { weight: 1, arbitrary: anyValue },
  );

const accuracies = fc.oneof(
  fc.constantFrom('best', 'nearestTenMeters', 'hundredMeters', 'kilometer', 'threeKilometers', 'toString', '__proto__'),
  fc.double({ min: -10, max: 10_000, noNaN: false }),
);
const backends = fc.constantFrom('auto', 'addon', 'helper', 'simulated', 'gps', 'AUTO');

/** Options objects for getLocation, watchLocation and the geocoders, mostly close to valid. */
export const optionObjects: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    timeout: member(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(Infinity), fc.integer({ min: -5, max: 2 ** 32 }))),
    maximumAge: member(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(Infinity))),
    accuracy: member(accuracies),
    signal: member(signals),
    backend: member(backends),
    timeoutIncludesPrompt: member(fc.boolean()),
    distanceFilter: member(fc.double({ min: -1, max: 1000 })),
    enableHighAccuracy: member(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** What a function may be handed as its options argument. */
export const optionsArgument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: optionObjects },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: anyValue },
);

/** Points for reverseGeocode: valid, out of range, and not points at all. */
export const points: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ latitude: fc.double({ min: -90, max: 90 }), longitude: fc.double({ min: -180, max: 180 }) }),
  fc.record({ latitude: member(fc.double()), longitude: member(fc.double()) }, { requiredKeys: [] }),
  anyValue,
);

export const addresses: fc.Arbitrary<unknown> = fc.oneof(fc.string(), fc.constantFrom('', '   ', 'Berlin'), anyValue);

/** The only failures a public function may report. */
export function isAllowedFailure(error: unknown): boolean {
  if (error instanceof LocationError) return (LOCATION_ERROR_CODES as readonly string[]).includes(error.code);
  return error instanceof TypeError || error instanceof RangeError;
}

/** Describes a failure that is not allowed, for the assertion message. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}\n${error.stack ?? ''}`;
  return `non-error thrown: ${String(error)}`;
}

/**
 * Settles a promise or reports a hang: the bound is far above anything
 * these calls need (they answer at once or fail their checks), so passing it
 * means a request that will never settle.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return { ok: true, value: await Promise.race([promise, hang]) };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('HANG:')) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

/** Timers and handles alive now, by kind, for a before/after comparison. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * No kind of resource is more numerous than before. (The test runner's own
 * timers come and go, so fewer is fine; one more is a leak.) Cancels that a
 * provider thread still has to acknowledge get up to two seconds, polled, so
 * a loaded machine does not fail it; a leak outlasts any wait.
 */
export async function expectNoMoreResources(before: Record<string, number>, graceMs = 2000): Promise<void> {
  const grown = (): string[] => {
    const after = activeResources();
    return Object.keys(after)
      .filter((kind) => (after[kind] ?? 0) > (before[kind] ?? 0))
      .map((kind) => `${kind}: ${before[kind] ?? 0} -> ${after[kind]}`);
  };
  for (let waited = 0; waited < graceMs && grown().length > 0; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(grown()).toEqual([]);
}
