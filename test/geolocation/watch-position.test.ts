/**
 * watchPosition and clearWatch, through the spec's steps: ids above 0 given
 * in order, a first position then significant changes, errors that do and do
 * not end the watch, and clearWatch silencing it at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultLocator } from '../../src/default-locator.js';
import { geolocation, GeolocationPosition } from '../../src/geolocation/index.js';
import { installScriptedLocation, type ScriptedLocation } from '../../src/testing/index.js';
import { current, sleep, watch, type WatchLog } from './helpers.js';

let scripted: ScriptedLocation;
const logs: WatchLog[] = [];

function tracked(...args: Parameters<typeof watch>): WatchLog {
  const log = watch(...args);
  logs.push(log);
  return log;
}

beforeEach(() => {
  scripted = installScriptedLocation({ latitude: 52.52, longitude: 13.405, accuracy: 12 }, { updateIntervalMs: 20 });
});

afterEach(() => {
  for (const log of logs.splice(0)) geolocation.clearWatch(log.id);
  scripted.uninstall();
});

describe('watchPosition: arguments and ids', () => {
  it('throws TypeError for a missing or non-callable successCallback, and starts nothing', () => {
    const call = geolocation.watchPosition.bind(geolocation) as (...args: unknown[]) => number;
    expect(() => call()).toThrow(/1 argument required/);
    expect(() => call(null)).toThrow(/successCallback must be a function/);
    expect(() => call(() => undefined, 'no')).toThrow(/errorCallback/);
    expect(() => call(() => undefined, null, 'no')).toThrow(/options must be an object/);
    expect(scripted.stats).toMatchObject({ locationRequests: 0, watchStarts: 0 });
  });

  it('returns integer ids above 0, assigned in order', () => {
    const a = tracked();
    const b = tracked();
    const c = tracked();
    expect(Number.isInteger(a.id)).toBe(true);
    expect(a.id).toBeGreaterThan(0);
    expect(b.id).toBe(a.id + 1);
    expect(c.id).toBe(b.id + 1);
  });

  it('returns its id synchronously, before any callback ran', () => {
    const log = tracked();
    expect(log.events).toEqual([]);
  });
});

describe('watchPosition: positions', () => {
  it('reports the current position first, then each significant change', async () => {
    const log = tracked();
    await log.waitFor(1);
    expect(log.positions()[0]).toBeInstanceOf(GeolocationPosition);
    expect(log.positions()[0]?.coords.latitude).toBe(52.52);
    scripted.setPosition({ latitude: 48.85, longitude: 2.35 });
    await log.waitFor(2);
    expect(log.positions()[1]?.coords.toJSON()).toMatchObject({ latitude: 48.85, longitude: 2.35 });
    expect(log.errors()).toEqual([]);
  });

  it('does not report an unchanged position again', async () => {
    const log = tracked();
    await log.waitFor(1);
    await sleep(100); // the provider watch starts and says where it is: the same place
    expect(log.events).toHaveLength(1);
    scripted.setPosition({ latitude: 52.52, longitude: 13.405, accuracy: 12 });
    await sleep(50);
    expect(log.events).toHaveLength(1);
  });

  it('follows a moving track, with speed and heading', async () => {
    const now = Date.now();
    scripted.setTrack([
      { latitude: 52.5, longitude: 13.4, time: now },
      { latitude: 52.6, longitude: 13.4, time: now + 10_000 },
    ]);
    const log = tracked();
    await log.waitFor(3);
    const [, second, third] = log.positions();
    expect(third!.coords.latitude).toBeGreaterThan(second!.coords.latitude);
    expect(third!.coords.speed).toBeGreaterThan(0);
    expect(third!.coords.heading).toBeCloseTo(0, 3);
  });

  it('serves its first position from the cache when maximumAge allows, asking the provider only to watch', async () => {
    const cached = await current();
    const log = tracked({ maximumAge: 60_000 });
    await log.waitFor(1);
    expect(log.positions()[0]?.timestamp).toBe(cached.position?.timestamp);
    expect(scripted.requestCount).toBe(1);
  });

  it('shares one provider watch between many watches (the core fans out)', async () => {
    const a = tracked();
    const b = tracked({ enableHighAccuracy: true });
    await Promise.all([a.waitFor(1), b.waitFor(1)]);
    await sleep(30);
    scripted.setPosition({ latitude: 1, longitude: 1 });
    await Promise.all([a.waitFor(2), b.waitFor(2)]);
    expect(scripted.stats.activeWatches).toBe(1);
  });

  it('gives each watch its own position objects', async () => {
    const a = tracked();
    const b = tracked();
    await Promise.all([a.waitFor(1), b.waitFor(1)]);
    expect(a.positions()[0]).not.toBe(b.positions()[0]);
  });
});

describe('watchPosition: errors', () => {
  it('ends the watch on PERMISSION_DENIED: one error, then silence, even once allowed again', async () => {
    scripted.setAuthorizationStatus('denied');
    const log = tracked();
    await log.waitFor(1);
    expect(log.errors()[0]?.code).toBe(1);
    scripted.setAuthorizationStatus('authorized');
    scripted.setPosition({ latitude: 3, longitude: 4 });
    await sleep(80);
    expect(log.events).toHaveLength(1);
    expect(scripted.stats.watchStarts).toBe(0);
  });

  it('ends the watch when permission is revoked while it runs', async () => {
    const log = tracked();
    await log.waitFor(1);
    await sleep(30);
    scripted.setAuthorizationStatus('denied');
    await log.waitFor(2);
    expect(log.errors().map((e) => e.code)).toEqual([1]);
    scripted.setAuthorizationStatus('authorized');
    scripted.setPosition({ latitude: 3, longitude: 4 });
    await sleep(80);
    expect(log.events).toHaveLength(2);
  });

  it('keeps watching after TIMEOUT: the next position is still reported', async () => {
    const log = tracked({ timeout: 60 });
    await log.waitFor(2, 1000);
    expect(log.events[0]).toHaveProperty('position');
    expect(log.errors()[0]?.code).toBe(3);
    scripted.setPosition({ latitude: 10, longitude: 20 });
    await sleep(40);
    expect(log.positions().at(-1)?.coords.latitude).toBe(10);
  });

  it('keeps watching after a first request that fails with POSITION_UNAVAILABLE', async () => {
    scripted.failNext('POSITION_UNAVAILABLE');
    const log = tracked();
    await log.waitFor(2);
    expect(log.errors()[0]?.code).toBe(2);
    expect(log.positions()[0]?.coords.latitude).toBe(52.52);
  });

  it('without an errorCallback, a failure is silent and does not throw', async () => {
    scripted.setAuthorizationStatus('denied');
    const success = vi.fn();
    const id = geolocation.watchPosition(success);
    await sleep(50);
    expect(success).not.toHaveBeenCalled();
    expect(() => geolocation.clearWatch(id)).not.toThrow();
  });
});

describe('clearWatch', () => {
  it('stops the watch: no callbacks after it, and the provider watch ends', async () => {
    const log = tracked();
    await log.waitFor(1);
    await sleep(30);
    expect(scripted.stats.activeWatches).toBe(1);
    geolocation.clearWatch(log.id);
    scripted.setPosition({ latitude: 5, longitude: 6 });
    await sleep(60);
    expect(log.events).toHaveLength(1);
    expect(scripted.stats.activeWatches).toBe(0);
  });

  it('silences callbacks already on their way', async () => {
    const log = tracked();
    await log.waitFor(1);
    await sleep(30);
    scripted.setPosition({ latitude: 5, longitude: 6 }); // reported to the facade now, delivered in a later task
    geolocation.clearWatch(log.id);
    await sleep(40);
    expect(log.events).toHaveLength(1);
  });

  it('can be called from inside the watch callback', async () => {
    const seen: number[] = [];
    const id = geolocation.watchPosition((position) => {
      seen.push(position.coords.latitude);
      geolocation.clearWatch(id);
    });
    await sleep(50);
    scripted.setPosition({ latitude: 7, longitude: 8 });
    await sleep(50);
    expect(seen).toEqual([52.52]);
  });

  it('cancels a first request still waiting for the provider', async () => {
    scripted.setLatency(200);
    const spy = vi.spyOn(defaultLocator, 'getLocation');
    const log = tracked();
    await sleep(20);
    geolocation.clearWatch(log.id);
    expect(spy.mock.calls[0]?.[0]?.signal?.aborted).toBe(true);
    await sleep(250);
    expect(log.events).toEqual([]);
    expect(scripted.stats.watchStarts).toBe(0);
    spy.mockRestore();
  });

  it.each([0, -1, 999_999, NaN, 'abc', null, undefined, 2 ** 32])('does nothing for the unknown id %o', async (id) => {
    const log = tracked();
    await log.waitFor(1);
    expect(() => geolocation.clearWatch(id as number)).not.toThrow();
    scripted.setPosition({ latitude: 9, longitude: 9 });
    await log.waitFor(2);
  });

  it('converts its argument as a WebIDL long: the string of an id clears that watch', async () => {
    const log = tracked();
    await log.waitFor(1);
    geolocation.clearWatch(String(log.id) as unknown as number);
    scripted.setPosition({ latitude: 9, longitude: 9 });
    await sleep(60);
    expect(log.events).toHaveLength(1);
  });

  it('throws TypeError without an argument, or for one ToNumber refuses', () => {
    const call = geolocation.clearWatch.bind(geolocation) as (...args: unknown[]) => void;
    expect(() => call()).toThrow(/1 argument required/);
    expect(() => call(Symbol('id'))).toThrow(TypeError);
    expect(() => call(1n)).toThrow(TypeError);
  });

  it('clearing twice is harmless', async () => {
    const log = tracked();
    await log.waitFor(1);
    geolocation.clearWatch(log.id);
    expect(() => geolocation.clearWatch(log.id)).not.toThrow();
    scripted.setPosition({ latitude: 9, longitude: 9 });
    await sleep(40);
    expect(log.events).toHaveLength(1);
  });
});
