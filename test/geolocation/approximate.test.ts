/**
 * accuracyMode through the facade (the candidate text of w3c/geolocation
 * #195/#233): an approximate position has null altitude, altitudeAccuracy,
 * heading and speed, and cached positions of one mode never answer the other.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coarsen } from '../../src/coarsen.js';
import { geolocation, type GeolocationPosition } from '../../src/geolocation/index.js';
import { installScriptedLocation, type ScriptedLocation } from '../../src/testing/index.js';
import { current } from './helpers.js';

let scripted: ScriptedLocation;

beforeEach(() => {
  scripted = installScriptedLocation({ latitude: 52.52, longitude: 13.405, accuracy: 12, altitude: 34, speed: 3, course: 45 });
});

afterEach(() => {
  scripted.uninstall();
});

async function position(options: Parameters<typeof current>[0]): Promise<GeolocationPosition> {
  const outcome = await current(options);
  if (!outcome.position) throw new Error(`expected a position, got error ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.position;
}

describe('accuracyMode', () => {
  it('"approximate" gives a coarsened position with altitude, altitudeAccuracy, heading and speed null', async () => {
    const { coords } = await position({ accuracyMode: 'approximate' });
    expect(coords.toJSON()).toMatchObject({ altitude: null, altitudeAccuracy: null, heading: null, speed: null });
    const expected = coarsen({ latitude: 52.52, longitude: 13.405, accuracy: 12, timestamp: 0, provider: 'scripted' });
    expect(coords.latitude).toBe(expected.latitude);
    expect(coords.longitude).toBe(expected.longitude);
    expect(coords.accuracy).toBe(expected.accuracy);
  });

  it('"precise" (the default) gives the position as it is', async () => {
    const { coords } = await position({ accuracyMode: 'precise' });
    expect(coords.toJSON()).toMatchObject({ latitude: 52.52, longitude: 13.405, altitude: 34, heading: 45, speed: 3 });
  });

  it('a cached approximate position does not answer a precise request', async () => {
    await position({ accuracyMode: 'approximate' });
    expect(scripted.requestCount).toBe(1);
    const outcome = await current({ maximumAge: 60_000, timeout: 0 });
    expect(outcome.error?.code).toBe(3); // TIMEOUT: no cached precise position
    const precise = await position({ maximumAge: 60_000 });
    expect(scripted.requestCount).toBe(2);
    expect(precise.coords.latitude).toBe(52.52);
  });

  it('a cached precise position answers an approximate request only coarsened', async () => {
    await position({});
    const coarse = await position({ accuracyMode: 'approximate', maximumAge: 60_000, timeout: 0 });
    expect(scripted.requestCount).toBe(1);
    expect(coarse.coords.latitude).not.toBe(52.52);
    expect(coarse.coords.altitude).toBeNull();
  });

  it('a stationary precise position has heading null', async () => {
    scripted.setPosition({ latitude: 52.52, longitude: 13.405, speed: 0, course: 45 });
    const { coords } = await position({});
    expect(coords.speed).toBe(0);
    expect(coords.heading).toBeNull();
  });

  it('watchPosition with accuracyMode "approximate" delivers coarsened positions', async () => {
    const positions: GeolocationPosition[] = [];
    const id = geolocation.watchPosition((p) => positions.push(p), null, { accuracyMode: 'approximate' });
    try {
      for (let i = 0; i < 200 && positions.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
      expect(positions.length).toBeGreaterThan(0);
      expect(positions[0]?.coords.toJSON()).toMatchObject({ altitude: null, heading: null, speed: null });
      expect(positions[0]?.coords.latitude).not.toBe(52.52);
    } finally {
      geolocation.clearWatch(id);
    }
  });

  it('rejects an accuracyMode that is not one of the enum values with a TypeError, before any request', () => {
    expect(() =>
      geolocation.getCurrentPosition(() => undefined, null, { accuracyMode: 'coarse' as never }),
    ).toThrow(TypeError);
    expect(scripted.requestCount).toBe(0);
  });
});
