/**
 * The real CoreLocation addon on macOS (run by .github/workflows/macos.yml;
 * skipped elsewhere). A CI runner has no location permission and no one to
 * answer a prompt: every call must still settle, with a known value or one
 * of the error shapes that case gives, and nothing may hang or crash.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NativeBackend } from '../../../src/backends/native-backend.js';
import { NATIVE_ABI_VERSION, type NativeBinding } from '../../../src/backends/native-binding.js';
import { LocationError } from '../../../src/errors.js';
import { Locator } from '../../../src/locator.js';

const path = resolve(process.env['WHEREAMI_ADDON_PATH'] ?? 'build/Release/whereami.node');
const runnable = process.platform === 'darwin' && existsSync(path);
const PERMISSIONLESS = ['PERMISSION_DENIED', 'SERVICES_DISABLED', 'TIMEOUT', 'POSITION_UNAVAILABLE'];

describe.skipIf(!runnable)(`real CoreLocation addon (macOS only; ${path})`, () => {
  let binding: NativeBinding;
  beforeAll(() => {
    binding = createRequire(import.meta.url)(path) as NativeBinding;
  });
  const open = () => new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider });

  it('describes itself and has no test-only export', () => {
    expect(binding.abiVersion).toBe(NATIVE_ABI_VERSION);
    expect(binding.provider).toBe('corelocation');
    expect(Object.keys(binding)).not.toContain('testDouble');
    expect(typeof binding.bundleInfo().hasLocationUsageDescription).toBe('boolean');
  });

  it('reports authorization, services and accuracy with known values', async () => {
    const backend = open();
    expect(['notDetermined', 'restricted', 'denied', 'authorized']).toContain(await backend.authorizationStatus());
    expect(typeof (await backend.locationServicesEnabled())).toBe('boolean');
    expect(['full', 'reduced']).toContain(await backend.accuracyAuthorization());
    backend.close();
  });

  it('settles a location request with a fix or a permission-less error, within its timeout', async () => {
    const backend = open();
    const locator = new Locator(() => backend);
    const outcome = await locator
      .getLocation({ timeout: 5000, timeoutIncludesPrompt: true })
      .then((fix) => fix, (error: unknown) => error);
    if (outcome instanceof LocationError) expect(PERMISSIONLESS).toContain(outcome.code);
    else expect(Number.isFinite((outcome as { latitude: number }).latitude)).toBe(true);
    backend.close();
  });

  // CLGeocoder answers on the main thread, and this plain node process never
  // runs the main run loop: the addon must say so promptly, never hang.
  it('answers a reverse geocode in plain node with NOT_SUPPORTED within 5 s', async () => {
    const backend = open();
    const started = Date.now();
    const outcome = await backend
      .reverseGeocode({ latitude: 37.3349, longitude: -122.009 }, new AbortController().signal)
      .then(() => 'answered', (error: unknown) => error);
    expect(outcome).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(Date.now() - started).toBeLessThan(5000);
    backend.close();
  }, 10_000);

  it('aborts, stops a watch and closes without hanging', async () => {
    const backend = open();
    const controller = new AbortController();
    const pending = backend.getLocation({ accuracy: 100, maximumAge: 0, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    const watch = backend.watch({ accuracy: 100, distanceFilter: 0 }, { location: () => {}, error: () => {} });
    watch.stop();
    backend.close();
  });
});
