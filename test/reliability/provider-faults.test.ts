/**
 * Provider faults under load: a helper killed again and again with requests
 * and a watch in flight, a native provider scripted to fail or never answer.
 * Each fault must reach every caller as a LocationError before its timeout
 * (the provider's own error, not TIMEOUT, shows it came first), and the next
 * request must succeed: recovery, with nothing left pending. (The GeoClue
 * daemon killed, the bus gone and the like are the e2e suite's, against a
 * real daemon: test/e2e/faults.test.ts.)
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HelperProvider } from '../../src/backends/helper-provider.js';
import { NativeBackend } from '../../src/backends/native-backend.js';
import type { NativeBinding } from '../../src/backends/native-binding.js';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import type { Location } from '../../src/types.js';
import { FakeNativeProvider } from '../support/fake-native-binding.js';
import { activeResources, expectNoMoreResources } from './arbitraries.js';
import { NO_DOUBLE, doubleAddon } from './native-double.js';

const fakeHelper = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ACCURACIES = ['best', 'nearestTenMeters', 'hundredMeters', 'kilometer'] as const;

const opened: NativeBackend[] = [];
afterEach(() => {
  for (const backend of opened.splice(0)) backend.close();
  delete process.env['FAKE_HELPER_MODE'];
});

function outcomeOf(promise: Promise<Location>): Promise<Location | LocationError> {
  return promise.then(
    (fix) => fix,
    (error: unknown) => {
      expect(error).toBeInstanceOf(LocationError);
      return error as LocationError;
    },
  );
}

describe('the helper killed under load (Node stand-in helper)', () => {
  it('fails every request and the watch with BACKEND_FAILURE before their timeout, then recovers, 10 times over', async () => {
    const resourcesBefore = activeResources();
    const helper = new HelperProvider(fakeHelper);
    const backend = new NativeBackend(helper, { name: 'helper', provider: 'corelocation', detail: fakeHelper });
    opened.push(backend);
    const locator = new Locator(() => backend);

    for (let cycle = 0; cycle < 10; cycle += 1) {
      process.env['FAKE_HELPER_MODE'] = 'slow';
      const requests = Array.from({ length: 40 }, (_, i) =>
        outcomeOf(locator.getLocation({ timeout: 20_000, accuracy: ACCURACIES[i % ACCURACIES.length] })),
      );
      const watchErrors: LocationError[] = [];
      const watch = locator.watch(undefined, { location: () => undefined, error: (error) => watchErrors.push(error) });
      while (helper.pid === undefined) await sleep(2);
      await sleep(cycle % 3 === 0 ? 0 : 20); // killed before and after the hello
      const firstPid = helper.pid;
      helper.kill('SIGKILL');

      for (const outcome of await Promise.all(requests)) {
        expect(outcome).toBeInstanceOf(LocationError);
        expect((outcome as LocationError).code).toBe('BACKEND_FAILURE');
        expect((outcome as LocationError).message).toMatch(/whereami-helper was killed by SIGKILL/);
      }
      while (watchErrors.length === 0) await sleep(2);
      expect(watchErrors.map((e) => e.code)).toEqual(['BACKEND_FAILURE']);
      expect(watch.active).toBe(false);

      process.env['FAKE_HELPER_MODE'] = 'normal';
      await expect(locator.getLocation({ timeout: 20_000 })).resolves.toMatchObject({ latitude: 59.3293 });
      expect(helper.pid).not.toBe(firstPid);
      // Killed while idle, too: nothing fails, and the next cycle starts a fresh (slow) helper.
      helper.kill('SIGKILL');
      while (helper.pid !== undefined) await sleep(2);
    }
    expect(helper.spawnCount).toBe(20);
    backend.close();
    await sleep(50);
    await expectNoMoreResources(resourcesBefore);
  });
});

describe('a native provider scripted to fail or never answer (JS fake binding)', () => {
  function setup(): { fake: FakeNativeProvider; locator: Locator } {
    const fake = new FakeNativeProvider();
    const backend = new NativeBackend(fake, { name: 'addon', provider: 'corelocation', detail: 'fake' });
    opened.push(backend);
    return { fake, locator: new Locator(() => backend) };
  }

  it('reports a failure to every waiter, then answers the next request', async () => {
    const { fake, locator } = setup();
    for (const code of ['POSITION_UNAVAILABLE', 'PERMISSION_DENIED', 'SERVICES_DISABLED', 'NO_SUCH_CODE']) {
      fake.nextError = { code, message: `scripted ${code}` };
      const outcomes = await Promise.all(Array.from({ length: 100 }, () => outcomeOf(locator.getLocation({ timeout: 20_000 }))));
      const expected = code === 'NO_SUCH_CODE' ? 'BACKEND_FAILURE' : code;
      for (const outcome of outcomes) expect((outcome as LocationError).code).toBe(expected);
      await expect(locator.getLocation()).resolves.toMatchObject({ latitude: 37.3349 });
    }
  });

  it('times out requests the provider never answers, cancels them there, then recovers', async () => {
    const { fake, locator } = setup();
    const resourcesBefore = activeResources();
    fake.neverAnswer = true;
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => outcomeOf(locator.getLocation({ timeout: 20 + (i % 5) * 10, accuracy: ACCURACIES[i % 4] }))),
    );
    for (const outcome of outcomes) expect((outcome as LocationError).code).toBe('TIMEOUT');
    await sleep(5);
    expect(fake.pending.size).toBe(0); // every provider request was cancelled
    fake.neverAnswer = false;
    await expect(locator.getLocation()).resolves.toMatchObject({ latitude: 37.3349 });
    await expectNoMoreResources(resourcesBefore);
  });
});

interface DoubleControls {
  reset(): void;
  setAuthorizationStatus(status: number): void;
  setFixDelay(ms: number): void;
  queueError(code: number): void;
  holdFixes(on: boolean): void;
  setServicesEnabled(on: boolean): void;
}

describe.skipIf(!doubleAddon)(`the addon over the CoreLocation double scripted to fail or never answer${doubleAddon ? '' : ` (${NO_DOUBLE})`}`, () => {
  function setup(): { double: DoubleControls; locator: Locator } {
    const binding = createRequire(import.meta.url)(doubleAddon as string) as NativeBinding & { testDouble: DoubleControls };
    const double = binding.testDouble;
    double.reset();
    double.setAuthorizationStatus(3);
    double.setFixDelay(0);
    const backend = new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider, detail: doubleAddon });
    opened.push(backend);
    return { double, locator: new Locator(() => backend) };
  }

  it('fails every waiter on a CoreLocation error before the timeout, then recovers', async () => {
    const { double, locator } = setup();
    const cases: [string, () => void][] = [
      ['PERMISSION_DENIED', () => double.queueError(1)], // kCLErrorDenied, services on
      ['SERVICES_DISABLED', () => double.setServicesEnabled(false)],
    ];
    for (const [code, script] of cases) {
      script();
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => outcomeOf(locator.getLocation({ timeout: 20_000 }))));
      for (const outcome of outcomes) expect((outcome as LocationError).code).toBe(code);
      double.reset();
      double.setAuthorizationStatus(3);
      double.setFixDelay(0);
      await expect(locator.getLocation({ timeout: 20_000 })).resolves.toMatchObject({ provider: 'corelocation' });
    }
  });

  it('times out requests it never answers, then answers the next', async () => {
    const { double, locator } = setup();
    const resourcesBefore = activeResources();
    double.holdFixes(true);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => outcomeOf(locator.getLocation({ timeout: 30 + (i % 5) * 10, accuracy: ACCURACIES[i % 4] }))),
    );
    for (const outcome of outcomes) expect((outcome as LocationError).code).toBe('TIMEOUT');
    double.holdFixes(false);
    await expect(locator.getLocation({ timeout: 20_000 })).resolves.toMatchObject({ provider: 'corelocation' });
    await sleep(20);
    await expectNoMoreResources(resourcesBefore);
  });
});

