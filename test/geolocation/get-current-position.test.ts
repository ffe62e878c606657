/**
 * getCurrentPosition, step by step through the spec's "request a position",
 * "acquire a position" and "call back with error", on the scripted provider.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultLocator } from '../../src/default-locator.js';
import { LocationError } from '../../src/errors.js';
import {
  Geolocation,
  geolocation,
  GeolocationPosition,
  GeolocationPositionError,
} from '../../src/geolocation/index.js';
import { installScriptedLocation, type ScriptedLocation } from '../../src/testing/index.js';
import { current, sleep } from './helpers.js';

let scripted: ScriptedLocation;

beforeEach(() => {
  scripted = installScriptedLocation({ latitude: 52.52, longitude: 13.405, accuracy: 12 });
});

afterEach(() => {
  scripted.uninstall();
  vi.restoreAllMocks();
});

describe('getCurrentPosition: arguments', () => {
  it('throws TypeError when successCallback is missing, before asking anything', () => {
    const call = geolocation.getCurrentPosition.bind(geolocation) as (...args: unknown[]) => void;
    expect(() => call()).toThrow(TypeError);
    expect(() => call()).toThrow(/1 argument required/);
    expect(scripted.stats).toMatchObject({ locationRequests: 0, authorizationRequests: 0 });
  });

  it.each([undefined, null, 42, 'callback', {}, { handleEvent: () => undefined }])(
    'throws TypeError for the non-callable successCallback %o',
    (value) => {
      const call = geolocation.getCurrentPosition.bind(geolocation) as (...args: unknown[]) => void;
      expect(() => call(value)).toThrow(/successCallback must be a function/);
      expect(scripted.requestCount).toBe(0);
    },
  );

  it.each([42, 'x', {}])('throws TypeError for the non-callable errorCallback %o', (value) => {
    const call = geolocation.getCurrentPosition.bind(geolocation) as (...args: unknown[]) => void;
    expect(() => call(() => undefined, value)).toThrow(/errorCallback must be a function or null/);
    expect(scripted.requestCount).toBe(0);
  });

  it('accepts null and undefined for errorCallback and options', async () => {
    const outcome = await new Promise<GeolocationPosition>((resolve) => geolocation.getCurrentPosition(resolve, null, null));
    expect(outcome.coords.latitude).toBe(52.52);
    const second = await new Promise<GeolocationPosition>((resolve) =>
      geolocation.getCurrentPosition(resolve, undefined, undefined),
    );
    expect(second.coords.longitude).toBe(13.405);
  });

  it('throws TypeError for options that are not an object, without a request', () => {
    expect(() => geolocation.getCurrentPosition(() => undefined, null, 5 as never)).toThrow(TypeError);
    expect(scripted.requestCount).toBe(0);
  });

  it('checks its arguments in order: successCallback first', () => {
    const call = geolocation.getCurrentPosition.bind(geolocation) as (...args: unknown[]) => void;
    expect(() => call(1, 2, 3)).toThrow(/successCallback/);
    expect(() => call(() => undefined, 2, 3)).toThrow(/errorCallback/);
  });

  it('throws TypeError when called on something that is not a Geolocation', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- taking it off the object is the point
    const { getCurrentPosition } = geolocation;
    expect(() => getCurrentPosition(() => undefined)).toThrow(/illegal invocation/);
    expect(() => getCurrentPosition.call({}, () => undefined)).toThrow(TypeError);
  });

  it('cannot be constructed by scripts, as the interface has no constructor', () => {
    const Ctor = Geolocation as unknown as new () => unknown;
    expect(() => new Ctor()).toThrow(/Illegal constructor/);
    expect(Object.prototype.toString.call(geolocation)).toBe('[object Geolocation]');
  });
});

describe('getCurrentPosition: success', () => {
  it('calls successCallback once, asynchronously, with a GeolocationPosition of the fix', async () => {
    const before = Date.now();
    const outcome = await current();
    expect(outcome.error).toBeUndefined();
    const position = outcome.position as GeolocationPosition;
    expect(position).toBeInstanceOf(GeolocationPosition);
    expect(position.coords.latitude).toBe(52.52);
    expect(position.coords.longitude).toBe(13.405);
    expect(position.coords.accuracy).toBe(12);
    expect(Number.isInteger(position.timestamp)).toBe(true);
    expect(position.timestamp).toBeGreaterThanOrEqual(before);
    expect(position.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it('never calls back inside the call, nor before the microtasks the caller queued after it', async () => {
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      geolocation.getCurrentPosition(() => {
        order.push('success');
        resolve();
      });
    });
    queueMicrotask(() => order.push('caller microtask'));
    order.push('returned');
    await done;
    expect(order).toEqual(['returned', 'caller microtask', 'success']);
  });

  it('is asynchronous even when the answer comes from the cache', async () => {
    await current();
    const outcome = await current({ maximumAge: 60_000 });
    expect(outcome.position).toBeDefined();
    expect(scripted.requestCount).toBe(1);
  });

  it('runs on the core: timeout 0xFFFFFFFF (the default) means no limit, and the options reach getLocation', async () => {
    const spy = vi.spyOn(defaultLocator, 'getLocation');
    await current();
    await current({ enableHighAccuracy: true, timeout: 5000, maximumAge: 100 });
    expect(spy.mock.calls[0]?.[0]).toMatchObject({ timeout: Infinity, maximumAge: 0, accuracy: 'hundredMeters' });
    expect(spy.mock.calls[1]?.[0]).toMatchObject({ timeout: 5000, maximumAge: 100, accuracy: 'best' });
  });

  it('shares one provider request between concurrent calls (the core coalesces them)', async () => {
    scripted.setLatency(30);
    const [a, b, c] = await Promise.all([current(), current(), current()]);
    expect([a.position, b.position, c.position].every((p) => p instanceof GeolocationPosition)).toBe(true);
    expect(scripted.requestCount).toBe(1);
  });

  it('gives each caller its own position object', async () => {
    scripted.setLatency(10);
    const [a, b] = await Promise.all([current(), current()]);
    expect(a.position).not.toBe(b.position);
    expect(a.position?.toJSON()).toEqual(b.position?.toJSON());
  });
});

describe('getCurrentPosition: maximumAge (the cached position)', () => {
  it('serves a cached position no older than maximumAge without asking the provider', async () => {
    const first = await current();
    scripted.setPosition({ latitude: 1, longitude: 2 });
    const second = await current({ maximumAge: 60_000 });
    expect(second.position?.timestamp).toBe(first.position?.timestamp);
    expect(second.position?.coords.latitude).toBe(52.52);
    expect(scripted.requestCount).toBe(1);
  });

  it('asks the provider when maximumAge is 0 (the default)', async () => {
    await current();
    scripted.setPosition({ latitude: 1, longitude: 2 });
    const second = await current();
    expect(second.position?.coords.latitude).toBe(1);
    expect(scripted.requestCount).toBe(2);
  });

  it('asks the provider when the cached position is older than maximumAge', async () => {
    await current();
    await sleep(30);
    scripted.setPosition({ latitude: 1, longitude: 2 });
    const second = await current({ maximumAge: 10 });
    expect(second.position?.coords.latitude).toBe(1);
    expect(scripted.requestCount).toBe(2);
  });

  it('does not serve a low-accuracy cached position to a high-accuracy request', async () => {
    await current({ enableHighAccuracy: false });
    await current({ enableHighAccuracy: true, maximumAge: 60_000 });
    expect(scripted.requestCount).toBe(2);
  });
});

describe('getCurrentPosition: timeout', () => {
  it('reports TIMEOUT when the provider does not answer within timeout', async () => {
    scripted.setNeverAnswer(true);
    const started = Date.now();
    const outcome = await current({ timeout: 50 });
    expect(outcome.error?.code).toBe(GeolocationPositionError.TIMEOUT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('with timeout 0 and no cached position, reports TIMEOUT without asking the provider for a fix', async () => {
    const outcome = await current({ timeout: 0 });
    expect(outcome.error?.code).toBe(3);
    expect(outcome.error?.message).toMatch(/timeout is 0/);
    expect(scripted.requestCount).toBe(0);
  });

  it('with timeout 0 and a fresh enough cached position, succeeds with it', async () => {
    const first = await current();
    const outcome = await current({ timeout: 0, maximumAge: 60_000 });
    expect(outcome.position?.timestamp).toBe(first.position?.timestamp);
    expect(scripted.requestCount).toBe(1);
  });

  it('with timeout 0, still asks for permission first: denied wins over TIMEOUT', async () => {
    scripted.setAuthorizationStatus('notDetermined');
    scripted.setPermissionAnswer('denied');
    const outcome = await current({ timeout: 0 });
    expect(outcome.error?.code).toBe(GeolocationPositionError.PERMISSION_DENIED);
    expect(scripted.stats.authorizationRequests).toBe(1);
  });

  it('null timeout converts to 0 (WebIDL), unlike an absent one', async () => {
    const outcome = await current({ timeout: null as unknown as number });
    expect(outcome.error?.code).toBe(3);
  });

  it('does not count the permission prompt against timeout: the clock starts once permission is granted', async () => {
    scripted.setAuthorizationStatus('notDetermined');
    scripted.setPermissionAnswer('authorized', 150);
    const outcome = await current({ timeout: 60 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.position?.coords.latitude).toBe(52.52);
  });
});

describe('getCurrentPosition: errors', () => {
  it('reports PERMISSION_DENIED (1) when the app is denied', async () => {
    scripted.setAuthorizationStatus('denied');
    const outcome = await current();
    expect(outcome.error).toBeInstanceOf(GeolocationPositionError);
    expect(outcome.error?.code).toBe(1);
    expect(outcome.error?.message).toMatch(/denied/);
  });

  it('reports PERMISSION_DENIED (1) when the person answers the prompt with no', async () => {
    scripted.setAuthorizationStatus('notDetermined');
    scripted.setPermissionAnswer('denied', 10);
    expect((await current()).error?.code).toBe(1);
  });

  it('reports PERMISSION_DENIED (1) when Location Services are off', async () => {
    scripted.setServicesEnabled(false);
    const outcome = await current();
    expect(outcome.error?.code).toBe(1);
    expect(outcome.error?.message).toMatch(/Location Services/);
  });

  it.each(['POSITION_UNAVAILABLE', 'BACKEND_FAILURE', 'NETWORK'] as const)('reports %s as POSITION_UNAVAILABLE (2)', async (code) => {
    scripted.failNext(code);
    expect((await current()).error?.code).toBe(2);
  });

  it('reports a provider TIMEOUT as TIMEOUT (3)', async () => {
    scripted.failNext(new LocationError('TIMEOUT', 'provider gave up'));
    const outcome = await current();
    expect(outcome.error?.code).toBe(3);
    expect(outcome.error?.message).toBe('provider gave up');
  });

  it('never reports ABORTED: neither callback runs', async () => {
    scripted.failNext('ABORTED');
    const calls: string[] = [];
    geolocation.getCurrentPosition(
      () => calls.push('success'),
      () => calls.push('error'),
    );
    await sleep(50);
    expect(calls).toEqual([]);
    expect(scripted.requestCount).toBe(1);
  });

  it('without an errorCallback a failure is silent: no throw, no unhandled rejection, no success', async () => {
    scripted.setAuthorizationStatus('denied');
    const onUnhandled = vi.fn();
    process.on('unhandledRejection', onUnhandled);
    try {
      const success = vi.fn();
      geolocation.getCurrentPosition(success);
      await sleep(50);
      expect(success).not.toHaveBeenCalled();
      expect(onUnhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('reports POSITION_UNAVAILABLE (2) when no backend can serve at all', async () => {
    scripted.uninstall();
    const previous = process.env['WHEREAMI_BACKEND'];
    process.env['WHEREAMI_BACKEND'] = 'helper'; // never part of this build on Linux
    try {
      const outcome = await current({ timeout: 1000 });
      expect(outcome.error?.code).toBe(2);
      expect(outcome.error?.message).toMatch(/cannot serve/);
    } finally {
      if (previous === undefined) delete process.env['WHEREAMI_BACKEND'];
      else process.env['WHEREAMI_BACKEND'] = previous;
      scripted = installScriptedLocation({ latitude: 0, longitude: 0 });
    }
  });
});
