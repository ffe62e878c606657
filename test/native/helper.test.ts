/**
 * The whole helper path on Linux: TypeScript -> whereami-helper process ->
 * native/darwin provider -> CoreLocation double. The backend contract suite
 * and scripted CoreLocation scenarios, through the helper backend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NativeBackend } from '../../src/backends/native-backend.js';
import type { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import { describeBackendContract } from '../contract/backend-contract.js';
import { countingProvider } from '../support/counting-provider.js';
import { BERLIN, CL, waitFor } from './support/double.js';
import { doubleHelperAvailable, doubleHelperPath, freshHelper, inOrder } from './support/helper-double.js';

if (!doubleHelperAvailable()) {
  describe('helper backend against the CoreLocation double', () => {
    it.skip(`skipped: ${doubleHelperPath()} is not built (npm run build:native:double)`, () => {});
  });
} else {
  describeBackendContract('helper process against the CoreLocation double', () => {
    const { helper, script } = freshHelper();
    const counted = countingProvider(helper);
    const backend = new NativeBackend(counted.provider, { name: 'helper', provider: 'corelocation', detail: doubleHelperPath() });
    return Promise.resolve({
      backend,
      expected: BERLIN,
      script: {
        failNext: (code) => {
          if (code === 'SERVICES_DISABLED') inOrder(script.setServicesEnabled(false));
          else inOrder(script.queueError(code === 'PERMISSION_DENIED' ? CL.errorDenied : CL.errorNetwork));
        },
        neverAnswer: (on) => inOrder(script.holdFixes(on)),
        moveTo: (latitude, longitude) => inOrder(script.moveTo(latitude, longitude)),
        recover: async () => {
          await script.setServicesEnabled(true);
        },
        providerRequests: counted.requests,
      },
      close: () => backend.close(),
    });
  });

  describe('helper backend: CoreLocation scenarios (double)', () => {
    const opened: NativeBackend[] = [];
    afterEach(() => {
      for (const backend of opened.splice(0)) backend.close();
    });
    const open = (status?: number) => {
      const made = freshHelper(status);
      opened.push(made.backend);
      return made;
    };

    it('prompts while not determined, pauses the timeout meanwhile, then gives a fix', async () => {
      const { backend, script } = open(CL.notDetermined);
      await script.setPromptAnswer(CL.authorized, -1);
      const locator = new Locator(() => backend);
      const pending = locator.getLocation({ timeout: 300 });
      // Poll the helper until the prompt shows, then leave it up longer than the timeout.
      for (let i = 0; i < 200 && !(await script.promptShowing()); i += 1) await new Promise((r) => setTimeout(r, 10));
      expect(await script.promptShowing()).toBe(true);
      await new Promise((r) => setTimeout(r, 600));
      await script.answerPrompt(CL.authorized);
      await expect(pending).resolves.toMatchObject({ latitude: BERLIN.latitude, provider: 'corelocation' });
      await expect(backend.authorizationStatus()).resolves.toBe('authorized');
    });

    it('fails with PERMISSION_DENIED when the prompt is refused', async () => {
      const { backend, script } = open(CL.notDetermined);
      await script.setPromptAnswer(CL.denied, 20);
      await expect(new Locator(() => backend).getLocation()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });

    it('says SERVICES_DISABLED when Location Services are off', async () => {
      const { backend, script } = open();
      await script.setServicesEnabled(false);
      await expect(backend.locationServicesEnabled()).resolves.toBe(false);
      const error = (await new Locator(() => backend).getLocation().catch((e: unknown) => e)) as LocationError;
      expect(error.code).toBe('SERVICES_DISABLED');
      expect(error.hint).toMatch(/Location Services/);
    });

    it('keeps trying through a transient kCLErrorLocationUnknown', async () => {
      const { backend, script } = open();
      await script.queueError(CL.errorLocationUnknown);
      await expect(new Locator(() => backend).getLocation()).resolves.toMatchObject({ latitude: BERLIN.latitude });
    });

    it('streams several watch fixes in order and stops updating when the watch stops', async () => {
      const { backend, script } = open();
      const fixes: number[] = [];
      const handle = backend.watch({ accuracy: 10, distanceFilter: 0 }, { location: (f) => fixes.push(f.latitude), error: () => undefined });
      await waitFor(() => fixes.length >= 1);
      for (const step of [1, 2, 3]) await script.moveTo(BERLIN.latitude + step * 0.01, BERLIN.longitude);
      await waitFor(() => fixes.length >= 4);
      expect(fixes.slice(-3)).toEqual([1, 2, 3].map((step) => BERLIN.latitude + step * 0.01));
      handle.stop();
      // stopWatch reaches the provider's run-loop thread asynchronously: poll.
      let counters = await script.counters();
      for (let i = 0; i < 200 && counters.stopUpdating === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 10));
        counters = await script.counters();
      }
      expect(counters.startUpdating).toBe(1);
      expect(counters.stopUpdating).toBe(1);
    });

    it('carries an approximate request and the reduced mark across the process boundary', async () => {
      const { backend, helper, script } = open();
      await script.setFix({ latitude: BERLIN.latitude, longitude: BERLIN.longitude, horizontalAccuracy: 8, altitude: 40, verticalAccuracy: 3 });
      const raw = await new Promise<unknown>((resolve, reject) => {
        helper.requestLocation(100, 0, (error, fix) => (error ? reject(new Error(error.message)) : resolve(fix)), () => undefined, true);
      });
      // Full accuracy is authorized here, so only the request's flag can have made this fix reduced.
      expect(raw).toMatchObject({ reduced: true });
      const fix = await new Locator(() => backend).getLocation({ approximate: true, timeout: 5000 });
      expect(fix).toMatchObject({ approximate: true, provider: 'corelocation' });
      expect(fix).not.toHaveProperty('altitude');
    });

    it('maps negative CLLocation values to absent fields across the process boundary', async () => {
      const { backend, script } = open();
      await script.setFix({ latitude: 1.234567890123, longitude: -2.345678901234, horizontalAccuracy: 7, speed: -1, course: -1, verticalAccuracy: -1 });
      const fix = await new Locator(() => backend).getLocation();
      expect(fix.latitude).toBe(1.234567890123);
      expect(fix.longitude).toBe(-2.345678901234);
      expect(fix).not.toHaveProperty('speed');
      expect(fix).not.toHaveProperty('course');
      expect(fix).not.toHaveProperty('altitudeAccuracy');
    });

    it('answers the test-only method in the double build and refuses unknown methods clearly', async () => {
      const { helper } = open();
      await expect(helper.rawCall('testDouble', { op: 'counters' })).resolves.toHaveProperty('requestLocation');
      await expect(helper.rawCall('noSuchMethod')).rejects.toThrow(/does not know the method noSuchMethod/);
    });
  });
}
