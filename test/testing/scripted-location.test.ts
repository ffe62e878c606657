/**
 * The test kit through the package's public functions only: what a user's
 * own tests see when their app code calls getLocation() and friends.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultLocator, defaultRegistry } from '../../src/default-locator.js';
import {
  clearLocationCache,
  forwardGeocode,
  getAccuracyAuthorization,
  getAuthorizationStatus,
  getBackendInfo,
  getLocation,
  locationServicesEnabled,
  requestAuthorization,
  reverseGeocode,
  watchLocation,
  type Location,
} from '../../src/index.js';
import { installScriptedLocation, LocationError, type ScriptedLocation } from '../../src/testing/index.js';

const installed: ScriptedLocation[] = [];

function install(...args: Parameters<typeof installScriptedLocation>): ScriptedLocation {
  const scripted = installScriptedLocation(...args);
  installed.push(scripted);
  return scripted;
}

afterEach(() => {
  for (const scripted of installed.splice(0)) scripted.uninstall();
});

async function rejection(promise: Promise<unknown>): Promise<LocationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LocationError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

describe('installScriptedLocation', () => {
  it('routes getLocation() to the scripted position, provider "scripted"', async () => {
    install({ latitude: 35.68, longitude: 139.69, accuracy: 20, altitude: 40 });
    const fix = await getLocation();
    expect(fix).toMatchObject({ latitude: 35.68, longitude: 139.69, accuracy: 20, altitude: 40, provider: 'scripted' });
    expect(getBackendInfo()).toMatchObject({ name: 'simulated', provider: 'scripted', reason: 'set by the test kit' });
  });

  it('serves every backend choice, so app code that names one is scripted too', async () => {
    install({ latitude: 1, longitude: 2 });
    await expect(getLocation({ backend: 'addon' })).resolves.toMatchObject({ latitude: 1, provider: 'scripted' });
  });

  it.each([
    [undefined, TypeError, /position must be an object/],
    [{ latitude: '1', longitude: 2 }, TypeError, /numeric latitude and longitude/],
    [{ latitude: 91, longitude: 0 }, RangeError, /latitude must be within -90\.\.90/],
    [{ latitude: 0, longitude: -181 }, RangeError, /longitude must be within/],
    [{ latitude: 0, longitude: 0, accuracy: 0 }, RangeError, /accuracy must be above 0/],
    [{ latitude: 0, longitude: 0, altitude: NaN }, TypeError, /altitude must be a finite number/],
  ])('rejects the position %o with a %s naming what is wrong', (position, type, message) => {
    expect(() => installScriptedLocation(position as never)).toThrow(type);
    expect(() => installScriptedLocation(position as never)).toThrow(message);
  });

  it('rejects bad options', () => {
    expect(() => installScriptedLocation({ latitude: 0, longitude: 0 }, { updateIntervalMs: 0 })).toThrow(RangeError);
    expect(() => installScriptedLocation({ latitude: 0, longitude: 0 }, 'fast' as never)).toThrow(TypeError);
  });

  it('replaces a scripted location installed before, which then refuses to be used', async () => {
    const first = install({ latitude: 1, longitude: 1 });
    install({ latitude: 2, longitude: 2 });
    expect(first.installed).toBe(false);
    expect(() => first.setPosition({ latitude: 3, longitude: 3 })).toThrow(/uninstalled/);
    expect((await getLocation()).latitude).toBe(2);
  });
});

describe('scripting', () => {
  it('setPosition moves the machine for the next request', async () => {
    const scripted = install({ latitude: 1, longitude: 1 });
    scripted.setPosition({ latitude: 5, longitude: 6, accuracy: 7, speed: 2, course: 90 });
    expect(await getLocation()).toMatchObject({ latitude: 5, longitude: 6, accuracy: 7, speed: 2, course: 90 });
  });

  it('setTrack plays a track that a watch follows', async () => {
    const scripted = install({ latitude: 0, longitude: 0 }, { updateIntervalMs: 20 });
    const now = Date.now();
    scripted.setTrack([
      { latitude: 10, longitude: 10, time: now },
      { latitude: 10.1, longitude: 10, time: now + 5000 },
    ]);
    const fixes: Location[] = [];
    for await (const fix of watchLocation()) {
      fixes.push(fix);
      if (fixes.length === 3) break;
    }
    expect(fixes[2]!.latitude).toBeGreaterThan(fixes[0]!.latitude);
    expect(fixes[2]!.speed).toBeGreaterThan(0);
    expect(scripted.stats.activeWatches).toBe(0);
  });

  it('setTrack rejects an empty or malformed track', () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    expect(() => scripted.setTrack([])).toThrow(/non-empty array/);
    expect(() => scripted.setTrack([{ latitude: 100, longitude: 0 }])).toThrow(/points\[0\]\.latitude/);
    expect(() => scripted.setTrack([{ latitude: 1, longitude: 0 }], -5)).toThrow(RangeError);
  });

  it('setAuthorizationStatus: denied requests fail with PERMISSION_DENIED; the status reads back', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setAuthorizationStatus('denied');
    expect(await getAuthorizationStatus()).toBe('denied');
    expect((await rejection(getLocation())).code).toBe('PERMISSION_DENIED');
    expect(() => scripted.setAuthorizationStatus('maybe' as never)).toThrow(/one of notDetermined, restricted, denied, authorized/);
  });

  it('setPermissionAnswer: what the prompt answers, after how long', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setAuthorizationStatus('notDetermined');
    scripted.setPermissionAnswer('authorized', 30);
    const started = Date.now();
    expect(await requestAuthorization()).toBe('authorized');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(scripted.stats.authorizationRequests).toBe(1);
    expect(() => scripted.setPermissionAnswer('authorized', -1)).toThrow(RangeError);
  });

  it('setServicesEnabled(false): SERVICES_DISABLED, and the state reads back', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setServicesEnabled(false);
    expect(await locationServicesEnabled()).toBe(false);
    expect((await rejection(getLocation())).code).toBe('SERVICES_DISABLED');
    expect(() => scripted.setServicesEnabled('no' as never)).toThrow(TypeError);
  });

  it('setAccuracyAuthorization("reduced"): every fix approximate (coarsened), whatever was asked', async () => {
    const scripted = install({ latitude: 0.0123, longitude: 0.0234, accuracy: 5, altitude: 30, speed: 2, course: 90 });
    scripted.setAccuracyAuthorization('reduced');
    expect(await getAccuracyAuthorization()).toBe('reduced');
    const fix = await getLocation({ accuracy: 'best' });
    expect(fix.approximate).toBe(true);
    expect(fix.accuracy).toBeGreaterThanOrEqual(3000);
    expect(fix.latitude).not.toBe(0.0123);
    expect(fix).not.toHaveProperty('altitude');
    expect(fix).not.toHaveProperty('speed');
    expect(fix).not.toHaveProperty('course');
  });

  it('approximate requests get the same coarsened answer from anywhere in one cell', async () => {
    const scripted = install({ latitude: 52.52, longitude: 13.405, altitude: 34 });
    const first = await getLocation({ approximate: true });
    scripted.setPosition({ latitude: 52.5207, longitude: 13.4061, altitude: 35 });
    const second = await getLocation({ approximate: true });
    expect({ ...second, timestamp: 0 }).toEqual({ ...first, timestamp: 0 });
    expect(first).toMatchObject({ approximate: true, provider: 'scripted' });
    expect(first).not.toHaveProperty('altitude');
    // The precise answer is still there for a precise request.
    expect(await getLocation()).toMatchObject({ latitude: 52.5207, longitude: 13.4061, altitude: 35 });
  });

  it('failNext: the next provider request fails, once, with the code or error given', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.failNext('POSITION_UNAVAILABLE');
    scripted.failNext(new LocationError('NETWORK', 'no route to the Wi-Fi database'));
    const first = await rejection(getLocation());
    expect(first.code).toBe('POSITION_UNAVAILABLE');
    expect(first.message).toMatch(/scripted/);
    expect((await rejection(getLocation())).message).toBe('no route to the Wi-Fi database');
    expect((await getLocation()).latitude).toBe(0);
    expect(scripted.requestCount).toBe(3);
  });

  it('failNext: callers the core coalesces share the failure', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setLatency(20);
    scripted.failNext('TIMEOUT', 'custom message');
    const [a, b] = await Promise.all([rejection(getLocation()), rejection(getLocation())]);
    expect([a.code, b.code, a.message]).toEqual(['TIMEOUT', 'TIMEOUT', 'custom message']);
    expect(scripted.requestCount).toBe(1);
  });

  it('failNext rejects what is not a LocationError code', () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    expect(() => scripted.failNext('OOPS' as never)).toThrow(RangeError);
    expect(() => scripted.failNext(42 as never)).toThrow(TypeError);
  });

  it('failWatches ends active watches with the error', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    const watch = watchLocation();
    await watch.next();
    scripted.failWatches('POSITION_UNAVAILABLE');
    expect((await rejection(watch.next())).code).toBe('POSITION_UNAVAILABLE');
  });

  it('setLatency delays answers; setNeverAnswer leaves callers to their timeout', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setLatency(40);
    const started = Date.now();
    await getLocation();
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    scripted.setLatency(0);
    scripted.setNeverAnswer(true);
    expect((await rejection(getLocation({ timeout: 30 }))).code).toBe('TIMEOUT');
    expect(() => scripted.setLatency(-5)).toThrow(RangeError);
    expect(() => scripted.setLatency(Infinity)).toThrow(RangeError);
  });

  it('setGeocoderAnswers scripts reverse and forward geocoding', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    scripted.setGeocoderAnswers({
      reverse: [{ latitude: 52.52, longitude: 13.405, city: 'Berlin' }],
      forward: new LocationError('GEOCODER_NOT_FOUND', 'nowhere'),
    });
    expect(await reverseGeocode({ latitude: 52.52, longitude: 13.405 })).toEqual([
      { latitude: 52.52, longitude: 13.405, city: 'Berlin' },
    ]);
    expect((await rejection(forwardGeocode('Atlantis'))).code).toBe('GEOCODER_NOT_FOUND');
    expect(scripted.stats.geocodeRequests).toBe(2);
    expect(() => scripted.setGeocoderAnswers({ reverse: 'Berlin' as never })).toThrow(TypeError);
  });
});

describe('counting provider requests', () => {
  it('counts what reaches the provider: cache hits do not count', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    await getLocation();
    await getLocation({ maximumAge: 60_000 });
    expect(scripted.requestCount).toBe(1);
    await getLocation();
    expect(scripted.requestCount).toBe(2);
    clearLocationCache();
    await getLocation({ maximumAge: 60_000 });
    expect(scripted.requestCount).toBe(3);
  });
});

describe('reset and uninstall', () => {
  it('reset restores the installed state: position, permission, services, latency, queued failures, counters, cache', async () => {
    const scripted = install({ latitude: 1, longitude: 2 });
    await getLocation();
    scripted.setPosition({ latitude: 9, longitude: 9 });
    scripted.setAuthorizationStatus('denied');
    scripted.setServicesEnabled(false);
    scripted.setAccuracyAuthorization('reduced');
    scripted.setLatency(500);
    scripted.failNext('POSITION_UNAVAILABLE');
    scripted.reset();
    expect(scripted.stats).toEqual({
      locationRequests: 0,
      watchStarts: 0,
      activeWatches: 0,
      authorizationRequests: 0,
      geocodeRequests: 0,
    });
    const started = Date.now();
    // maximumAge would serve the fix cached before the reset if the cache survived it.
    expect(await getLocation({ maximumAge: 60_000 })).toMatchObject({ latitude: 1, longitude: 2, accuracy: 5 });
    expect(Date.now() - started).toBeLessThan(400);
    expect(await getAuthorizationStatus()).toBe('authorized');
    expect(scripted.requestCount).toBe(1);
  });

  it('reset ends active watches with ABORTED, so none outlives its test', async () => {
    const scripted = install({ latitude: 0, longitude: 0 });
    const watch = watchLocation();
    await watch.next();
    scripted.reset();
    expect((await rejection(watch.next())).code).toBe('ABORTED');
  });

  it('uninstall restores the normal backend choice and empties the cache; twice is fine', async () => {
    // The one peek inside: the core caches per backend, so the cache is seen
    // by putting the scripted backend back after uninstall and asking the core.
    const setOverride = vi.spyOn(defaultRegistry, 'setOverride');
    const scripted = install({ latitude: 0, longitude: 0 });
    const scriptedBackend = setOverride.mock.calls.at(-1)?.[0];
    setOverride.mockRestore();
    expect(scriptedBackend?.info.provider).toBe('scripted');
    await getLocation();
    defaultRegistry.setOverride(scriptedBackend);
    expect(defaultLocator.cachedLocation({ maximumAge: Infinity })).toMatchObject({ latitude: 0, longitude: 0 });
    scripted.uninstall();
    defaultRegistry.setOverride(scriptedBackend);
    expect(defaultLocator.cachedLocation({ maximumAge: Infinity })).toBeUndefined();
    defaultRegistry.setOverride(undefined);
    scripted.uninstall();
    expect(scripted.installed).toBe(false);
    let reason: string | undefined;
    try {
      reason = getBackendInfo().reason;
    } catch (error) {
      // No backend can serve on this machine: also not the test kit.
      expect(error).toBeInstanceOf(LocationError);
    }
    expect(reason).not.toBe('set by the test kit');
    expect(() => scripted.requestCount).toThrow(/uninstalled/);
  });

  it('an uninstalled controller does not uninstall its replacement', async () => {
    const first = install({ latitude: 1, longitude: 1 });
    install({ latitude: 2, longitude: 2 });
    first.uninstall();
    expect((await getLocation()).latitude).toBe(2);
  });
});
