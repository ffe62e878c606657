/**
 * The real whereami-helper on macOS (run by .github/workflows/macos.yml;
 * skipped elsewhere). Its main thread runs the main run loop, so CLGeocoder's
 * answers arrive: a geocode must settle with places or a geocoder/network
 * error. A CI runner has no location permission and no one to answer a
 * prompt: location calls settle with the error shapes of that case.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelperProvider } from '../../../src/backends/helper-provider.js';
import { NativeBackend } from '../../../src/backends/native-backend.js';
import { LocationError } from '../../../src/errors.js';
import { Locator } from '../../../src/locator.js';

const path = resolve(process.env['WHEREAMI_HELPER_PATH'] ?? 'build/Release/whereami-helper');
const runnable = process.platform === 'darwin' && existsSync(path);
const PERMISSIONLESS = ['PERMISSION_DENIED', 'SERVICES_DISABLED', 'TIMEOUT', 'POSITION_UNAVAILABLE'];
const GEOCODER_ERRORS = ['GEOCODER_NOT_FOUND', 'GEOCODER_RATE_LIMITED', 'NETWORK'];

describe.skipIf(!runnable)(`real whereami-helper (macOS only; ${path})`, () => {
  const open = () =>
    new NativeBackend(new HelperProvider(path), { name: 'helper', provider: 'corelocation', detail: path });

  it('reports authorization, services and accuracy with known values', async () => {
    const backend = open();
    expect(['notDetermined', 'restricted', 'denied', 'authorized']).toContain(await backend.authorizationStatus());
    expect(typeof (await backend.locationServicesEnabled())).toBe('boolean');
    expect(['full', 'reduced']).toContain(await backend.accuracyAuthorization());
    backend.close();
  });

  it('settles a location request with a fix or a permission-less error, within its timeout', async () => {
    const backend = open();
    const outcome = await new Locator(() => backend)
      .getLocation({ timeout: 5000, timeoutIncludesPrompt: true })
      .then((fix) => fix, (error: unknown) => error);
    if (outcome instanceof LocationError) expect(PERMISSIONLESS).toContain(outcome.code);
    else expect(Number.isFinite((outcome as { latitude: number }).latitude)).toBe(true);
    backend.close();
  });

  it('settles a reverse geocode with places or a geocoder error, never by waiting', async () => {
    const backend = open();
    const outcome = await Promise.race([
      backend
        .reverseGeocode({ latitude: 37.3349, longitude: -122.009 }, new AbortController().signal)
        .then((places) => places, (error: unknown) => error),
      new Promise<string>((r) => setTimeout(() => r('CLGeocoder never answered within 20 s'), 20_000)),
    ]);
    if (outcome instanceof LocationError) expect(GEOCODER_ERRORS).toContain(outcome.code);
    else expect(Array.isArray(outcome)).toBe(true);
    backend.close();
  }, 30_000);
});
