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
import type { NativeBinding } from '../../../src/backends/native-binding.js';
import { LocationError } from '../../../src/errors.js';
import { Locator } from '../../../src/locator.js';

const path = resolve(process.env['WHEREAMI_ADDON_PATH'] ?? 'build/Release/whereami.node');
const runnable = process.platform === 'darwin' && existsSync(path);
const GEOCODER_FAILURES = ['GEOCODER_NOT_FOUND', 'GEOCODER_RATE_LIMITED', 'NETWORK'];
const PERMISSIONLESS = ['PERMISSION_DENIED', 'SERVICES_DISABLED', 'TIMEOUT', 'POSITION_UNAVAILABLE'];

describe.skipIf(!runnable)(`real CoreLocation addon (macOS only; ${path})`, () => {
  let binding: NativeBinding;
  beforeAll(() => {
    binding = createRequire(import.meta.url)(path) as NativeBinding;
  });
  const open = () => new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider });

  it('describes itself and has no test-only export', () => {
    expect(binding.abiVersion).toBe(1);
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

  // Apple documents CLGeocoder's completion handler as delivered on the main
  // thread; a plain node process does not run the main run loop. This checks
  // that a reverse geocode settles at all on a real Mac.
  it('settles a reverse geocode (places, or a geocoder/network error)', async () => {
    const backend = open();
    const answer = backend
      .reverseGeocode({ latitude: 37.3349, longitude: -122.009 }, new AbortController().signal)
      .then(
        (places) =>
          // An answer names at least one place, where it was asked.
          places.length > 0 &&
          places.every((place) => Math.abs(place.latitude - 37.3349) < 1 && Math.abs(place.longitude + 122.009) < 1),
        (error: unknown) => error instanceof LocationError && GEOCODER_FAILURES.includes(error.code),
      );
    const timeout = new Promise<string>((r) => setTimeout(() => r('CLGeocoder never answered within 20 s'), 20_000));
    expect(await Promise.race([answer, timeout])).toBe(true);
    backend.close();
  }, 30_000);

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
