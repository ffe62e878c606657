/**
 * 10,000 concurrent requests with random options, aborts, timeouts and
 * permission prompts, against a provider that answers at random times or
 * late, fails or never answers. Every request must settle, with an outcome its own
 * options and the provider's record explain, and nothing may be left
 * pending: no provider request without an answer or a cancel, no timer.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import type { Location, LocationOptions } from '../../src/types.js';
import { activeResources, expectNoMoreResources } from './arbitraries.js';
import { ChaosBackend, randomFrom } from './chaos-backend.js';

const CALLERS = 10_000;
const PROMPT_LIMIT_MS = 60;
const ACCURACIES = ['best', 'nearestTenMeters', 'hundredMeters', 'kilometer', 'threeKilometers'] as const;
const METRES = { best: 0, nearestTenMeters: 10, hundredMeters: 100, kilometer: 1000, threeKilometers: 3000 };

interface Caller {
  options: LocationOptions & { accuracy: (typeof ACCURACIES)[number]; maximumAge: number };
  calledAt: number;
  abortedAt: number | undefined;
  outcome: { fix: Location } | { error: unknown } | undefined;
  settlements: number;
  /** The caller's own abort listeners on its signal once it settled: the core must have removed its own. */
  listenersAfter: number | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function storm(seed: number): Promise<{ callers: Caller[]; backend: ChaosBackend; locator: Locator }> {
  const random = randomFrom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const backend = new ChaosBackend(random);
  const locator = new Locator(() => backend, { promptLimitMs: PROMPT_LIMIT_MS });
  const callers: Caller[] = [];
  const settled: Promise<void>[] = [];

  // Calls come in 100 bursts, one per timer turn, so flights start and end
  // among them and the cache is hit, missed and outdated.
  for (let burst = 0; burst < 100; burst += 1) {
    for (let i = 0; i < CALLERS / 100; i += 1) {
      const options: Caller['options'] = { accuracy: pick(ACCURACIES), maximumAge: pick([0, 0, 5, 50, 10_000]) };
      const bounded = random();
      // Every caller has a finite bound: a timeout, or a signal that will abort.
      if (bounded < 0.6) options.timeout = 1 + Math.floor(random() * 40);
      if (bounded > 0.4) {
        const controller = new AbortController();
        options.signal = controller.signal;
        const abortIn = random() < 0.05 ? -1 : Math.floor(random() * 50);
        if (abortIn < 0) controller.abort();
        else setTimeout(() => controller.abort(new Error('caller gave up')), abortIn);
      }
      if (random() < 0.3) options.timeoutIncludesPrompt = true;
      const caller: Caller = { options, calledAt: Date.now(), abortedAt: undefined, outcome: undefined, settlements: 0, listenersAfter: undefined };
      options.signal?.addEventListener('abort', () => (caller.abortedAt ??= Date.now()));
      if (options.signal?.aborted) caller.abortedAt = caller.calledAt;
      callers.push(caller);
      settled.push(
        locator.getLocation(options).then(
          (fix) => {
            caller.settlements += 1;
            caller.outcome = { fix };
            if (options.signal) caller.listenersAfter = getEventListeners(options.signal, 'abort').length;
          },
          (error: unknown) => {
            caller.settlements += 1;
            caller.outcome = { error };
            if (options.signal) caller.listenersAfter = getEventListeners(options.signal, 'abort').length;
          },
        ),
      );
    }
    await sleep(random() < 0.5 ? 0 : 1);
  }
  await Promise.all(settled);
  return { callers, backend, locator };
}

describe('10,000 concurrent requests with random aborts, timeouts and prompts', () => {
  it.each([1, 2])('each settles once, as its options and the provider explain (seed %i)', async (seed) => {
    const resourcesBefore = activeResources();
    const { callers, backend, locator } = await storm(seed);

    const codes = new Map<string, number>();
    for (const caller of callers) {
      expect(caller.settlements).toBe(1);
      // Only the storm's own listener remains: the core detached its abort listener when the caller settled.
      if (caller.options.signal) expect(caller.listenersAfter).toBe(1);
      const outcome = caller.outcome;
      if (outcome && 'fix' in outcome) {
        const made = backend.requests[outcome.fix.floor as number];
        expect(made, 'a fix the provider never made').toBeDefined();
        // Coalescing and the cache may serve a caller only with a fix as good as it asked for...
        const asked = METRES[caller.options.accuracy];
        expect(made!.accuracy <= asked || outcome.fix.accuracy <= asked).toBe(true);
        // ...and no older than its maximumAge.
        expect(outcome.fix.timestamp).toBeGreaterThanOrEqual(caller.calledAt - caller.options.maximumAge);
        codes.set('fix', (codes.get('fix') ?? 0) + 1);
        continue;
      }
      const error = outcome?.error;
      expect(error).toBeInstanceOf(LocationError);
      const code = (error as LocationError).code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      switch (code) {
        case 'ABORTED':
          expect(caller.abortedAt, 'ABORTED without an abort').toBeDefined();
          break;
        case 'TIMEOUT':
          // Either its own timeout, or the prompt limit while a prompt was up.
          expect(caller.options.timeout !== undefined || !caller.options.timeoutIncludesPrompt).toBe(true);
          break;
        case 'POSITION_UNAVAILABLE':
          expect(backend.requests.some((r) => r.outcome === 'error')).toBe(true);
          break;
        default:
          throw new Error(`unexpected ${code}: ${(error as Error).message}`);
      }
    }
    // The storm must have reached every path, or it proves little.
    for (const code of ['fix', 'ABORTED', 'TIMEOUT', 'POSITION_UNAVAILABLE']) expect(codes.get(code) ?? 0).toBeGreaterThan(0);
    // Coalescing: far fewer provider requests than callers, and enough to reach every kind.
    expect(backend.requests.length).toBeLessThan(CALLERS / 4);
    expect(backend.requests.length).toBeGreaterThanOrEqual(10);

    // Nothing left pending: every provider request answered or cancelled...
    expect(backend.dangling).toEqual([]);
    // ...the provider's own timers run out, and then no timer of the core's remains.
    while (backend.timersPending > 0) await sleep(5);
    await sleep(60);
    await expectNoMoreResources(resourcesBefore);

    // The core is idle: a new request makes one fresh provider request.
    const before = backend.requests.length;
    const controller = new AbortController();
    const fresh = locator.getLocation({ accuracy: 'best', signal: controller.signal });
    // The provider request starts within the call; abort before it can answer.
    expect(backend.requests.length).toBe(before + 1);
    controller.abort();
    await expect(fresh).rejects.toMatchObject({ code: 'ABORTED' });
    backend.close();
  });
});
