/**
 * The whole request path the bridge bench measures (Locator, NativeBackend,
 * addon, CoreLocation double): every request settles exactly once, whether
 * the fix, the timeout or an abort wins while the native answer is in
 * flight, and the fix keeps every field.
 */
import { describe, expect, it } from 'vitest';
import { NativeBackend } from '../../src/backends/native-backend.js';
import type { NativeProvider } from '../../src/backends/native-binding.js';
import { Locator } from '../../src/locator.js';
import { BERLIN, doubleAvailable, doubleSuite, EVERY_FIELD, EVERY_FIELD_MAPPED, sleep, waitFor } from './support/double.js';

/**
 * The provider with its requestLocation callbacks counted per request: a
 * native answer that came twice would throw here, and `answered` says how
 * many requests the native side settled (fix, error or ABORTED).
 */
function counted(native: NativeProvider): { native: NativeProvider; answered: () => number; started: () => number } {
  let started = 0;
  let answered = 0;
  const wrapped = new Proxy(native, {
    get(target, key) {
      if (key !== 'requestLocation') {
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (...args: Parameters<NativeProvider['requestLocation']>) => {
        started += 1;
        const [accuracy, maximumAge, callback, onPrompt, reduced] = args;
        let calls = 0;
        return target.requestLocation(
          accuracy,
          maximumAge,
          (error, fix) => {
            calls += 1;
            if (calls > 1) throw new Error('a native request answered twice');
            answered += 1;
            callback(error, fix);
          },
          onPrompt,
          reduced,
        );
      };
    },
  });
  return { native: wrapped, answered: () => answered, started: () => started };
}

const refedTimeouts = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe.skipIf(!doubleAvailable())('getLocation() through the addon over the double', () => {
  const suite = doubleSuite();
  const open = () => {
    const made = suite.open();
    made.double.setFixDelay(0);
    made.double.setImmediateFixes(true);
    const count = counted(made.native);
    const backend = new NativeBackend(count.native, { name: 'addon', provider: suite.binding.provider });
    return { ...made, backend, count, locator: new Locator(() => backend) };
  };

  it('settles each of many sequential requests once, with every field, leaving no timer behind', async () => {
    const { double, count, locator, backend } = open();
    double.setFix({ ...BERLIN, horizontalAccuracy: 5, ...EVERY_FIELD });
    const before = refedTimeouts();
    for (let i = 0; i < 300; i += 1) {
      const fix = await locator.getLocation({ timeout: 5000 });
      expect(fix).toEqual({
        latitude: BERLIN.latitude,
        longitude: BERLIN.longitude,
        accuracy: 5,
        ...EVERY_FIELD_MAPPED,
        timestamp: expect.any(Number) as number,
        provider: 'corelocation',
      });
      expect(Number.isInteger(fix.timestamp)).toBe(true);
      expect(Object.hasOwn(fix, 'approximate')).toBe(false);
    }
    expect(count.started()).toBe(300);
    expect(count.answered()).toBe(300);
    expect(refedTimeouts()).toBeLessThanOrEqual(before);
    backend.close();
  });

  it('times out once while the native answer is in flight; the late answer is dropped, not cached', async () => {
    const { double, count, locator } = open();
    double.setImmediateFixes(false);
    double.setFixDelay(250);
    const outcomes: string[] = [];
    await locator.getLocation({ timeout: 40 }).then(
      () => outcomes.push('resolved'),
      (error: { code: string }) => outcomes.push(error.code),
    );
    expect(outcomes).toEqual(['TIMEOUT']);
    // The core cancelled the provider request: it comes back ABORTED, once, and nothing else happens.
    await waitFor(() => count.answered() === 1);
    await sleep(400);
    expect(outcomes).toEqual(['TIMEOUT']);
    expect(count.answered()).toBe(1);
    // Nothing from the dropped request answers a cache-only request.
    await expect(locator.getLocation({ maximumAge: 60_000, timeout: 0 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    double.setFixDelay(0);
    await expect(locator.getLocation({ timeout: 5000 })).resolves.toMatchObject({ latitude: BERLIN.latitude });
    expect(count.answered()).toBe(count.started());
  });

  it('aborts once while the native answer is in flight, and stops CoreLocation', async () => {
    const { double, count, locator } = open();
    double.holdFixes(true);
    const controller = new AbortController();
    const outcomes: string[] = [];
    const pending = locator.getLocation({ timeout: 5000, signal: controller.signal }).then(
      () => outcomes.push('resolved'),
      (error: { code: string }) => outcomes.push(error.code),
    );
    await waitFor(() => double.counters().requestLocation === 1);
    controller.abort();
    await pending;
    expect(outcomes).toEqual(['ABORTED']);
    await waitFor(() => count.answered() === 1 && double.counters().stopUpdating >= 1);
    double.holdFixes(false);
    await sleep(100);
    expect(outcomes).toEqual(['ABORTED']);
    expect(count.answered()).toBe(1);
    await expect(locator.getLocation({ timeout: 5000 })).resolves.toMatchObject({ latitude: BERLIN.latitude });
  });
});
