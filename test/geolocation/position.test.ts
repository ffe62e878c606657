/**
 * GeolocationPosition, GeolocationCoordinates and GeolocationPositionError as
 * the interfaces define them, and the mapping from the core's fixes and errors.
 */
import { describe, expect, it } from 'vitest';
import { LOCATION_ERROR_CODES, LocationError } from '../../src/errors.js';
import { toPositionError } from '../../src/geolocation/errors.js';
import {
  GeolocationCoordinates,
  GeolocationPosition,
  GeolocationPositionError,
} from '../../src/geolocation/index.js';
import { coordinatesData, createPosition } from '../../src/geolocation/position.js';
import type { Location } from '../../src/types.js';

const fix = (extra: Partial<Location> = {}): Location => ({
  latitude: 52.52,
  longitude: 13.405,
  accuracy: 12,
  timestamp: 1_700_000_000_123.7,
  provider: 'scripted',
  ...extra,
});

describe('GeolocationCoordinates', () => {
  it('has null for every optional member the provider did not report', () => {
    expect(coordinatesData(fix())).toEqual({
      accuracy: 12,
      latitude: 52.52,
      longitude: 13.405,
      altitude: null,
      altitudeAccuracy: null,
      heading: null,
      speed: null,
    });
  });

  it('reports altitude above the WGS 84 ellipsoid when the provider gives it, else above sea level', () => {
    expect(coordinatesData(fix({ altitude: 34, ellipsoidalAltitude: 78, altitudeAccuracy: 3 }))).toMatchObject({
      altitude: 78,
      altitudeAccuracy: 3,
    });
    expect(coordinatesData(fix({ altitude: 34, altitudeAccuracy: 3 }))).toMatchObject({ altitude: 34, altitudeAccuracy: 3 });
    expect(coordinatesData(fix({ altitude: 34 })).altitudeAccuracy).toBeNull();
  });

  it('has null altitudeAccuracy when altitude is unknown, whatever the provider says', () => {
    expect(coordinatesData(fix({ altitudeAccuracy: 3 })).altitudeAccuracy).toBeNull();
  });

  it('reports speed and heading, heading within 0 <= heading < 360', () => {
    expect(coordinatesData(fix({ speed: 4.5, course: 90 }))).toMatchObject({ speed: 4.5, heading: 90 });
    expect(coordinatesData(fix({ speed: 1, course: 360 })).heading).toBe(0);
    expect(coordinatesData(fix({ speed: 1, course: 720.5 })).heading).toBe(0.5);
  });

  it('has heading null when the device stands still (speed 0), course or not (w3c/geolocation #173)', () => {
    expect(coordinatesData(fix({ speed: 0, course: 90 })).heading).toBeNull();
    expect(coordinatesData(fix({ speed: 0 })).heading).toBeNull();
    expect(createPosition(fix({ speed: 0, course: 90 })).coords.heading).toBeNull();
  });

  it('has heading null when no course was reported, whatever the speed', () => {
    expect(coordinatesData(fix({ speed: 4 })).heading).toBeNull();
    expect(coordinatesData(fix()).heading).toBeNull();
  });

  it('has null heading when speed is unknown and no course was given', () => {
    expect(coordinatesData(fix({ speed: 3 })).heading).toBeNull();
  });

  it('has read-only attributes on the prototype, like WebIDL attributes', () => {
    const coords = createPosition(fix()).coords as unknown as Record<string, unknown>;
    expect(() => {
      coords['latitude'] = 0;
    }).toThrow(TypeError);
    expect(coords['latitude']).toBe(52.52);
    expect(Object.keys(coords)).toEqual([]);
    const descriptor = Object.getOwnPropertyDescriptor(GeolocationCoordinates.prototype, 'latitude');
    expect(descriptor && 'get' in descriptor && typeof descriptor.get).toBe('function');
    expect(descriptor && 'set' in descriptor && descriptor.set === undefined).toBe(true);
  });

  it('has its attributes and toJSON as enumerable, configurable members of the prototype, as WebIDL makes them', () => {
    const members = ['accuracy', 'latitude', 'longitude', 'altitude', 'altitudeAccuracy', 'heading', 'speed'];
    for (const name of members) {
      const descriptor = Object.getOwnPropertyDescriptor(GeolocationCoordinates.prototype, name);
      expect(descriptor, name).toMatchObject({ enumerable: true, configurable: true, set: undefined });
      expect(typeof descriptor?.get, name).toBe('function');
    }
    expect(Object.getOwnPropertyDescriptor(GeolocationCoordinates.prototype, 'toJSON')).toMatchObject({
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const coords = createPosition(fix({ speed: 2, course: 10 })).coords;
    const seen: string[] = [];
    for (const key in coords) seen.push(key);
    expect(seen).toEqual([...members, 'toJSON']);
    // What a logger that walks the prototype gets: the values a browser shows.
    const copied = Object.fromEntries(members.map((key) => [key, (coords as unknown as Record<string, unknown>)[key]]));
    expect(copied).toEqual(coords.toJSON());
  });

  it('has @@toStringTag as a read-only, non-enumerable value, as WebIDL makes it', () => {
    expect(Object.getOwnPropertyDescriptor(GeolocationCoordinates.prototype, Symbol.toStringTag)).toEqual({
      value: 'GeolocationCoordinates',
      writable: false,
      enumerable: false,
      configurable: true,
    });
    expect(Object.prototype.toString.call(createPosition(fix()).coords)).toBe('[object GeolocationCoordinates]');
  });

  it('toJSON() returns a plain object with the seven members in IDL order', () => {
    const coords = createPosition(fix({ altitude: 1, speed: 0 })).coords;
    const json = coords.toJSON();
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(Object.keys(json)).toEqual(['accuracy', 'latitude', 'longitude', 'altitude', 'altitudeAccuracy', 'heading', 'speed']);
    expect(json).toEqual({
      accuracy: 12,
      latitude: 52.52,
      longitude: 13.405,
      altitude: 1,
      altitudeAccuracy: null,
      heading: null,
      speed: 0,
    });
    json.latitude = 0;
    expect(coords.latitude).toBe(52.52);
    expect(coords.toJSON()).not.toBe(json);
  });
});

describe('GeolocationPosition', () => {
  it('has coords and an integer timestamp (EpochTimeStamp)', () => {
    const position = createPosition(fix());
    expect(position.coords).toBeInstanceOf(GeolocationCoordinates);
    expect(position.timestamp).toBe(1_700_000_000_123);
    expect(position.coords).toBe(position.coords);
  });

  it('toJSON() nests the coordinates as a plain object; JSON.stringify uses it', () => {
    const position = createPosition(fix({ speed: 2, course: 45 }));
    const json = position.toJSON();
    expect(Object.keys(json)).toEqual(['coords', 'timestamp']);
    expect(Object.getPrototypeOf(json.coords)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(position))).toEqual({
      coords: { accuracy: 12, latitude: 52.52, longitude: 13.405, altitude: null, altitudeAccuracy: null, heading: 45, speed: 2 },
      timestamp: 1_700_000_000_123,
    });
  });

  it('has coords, timestamp and toJSON as enumerable members of the prototype', () => {
    for (const name of ['coords', 'timestamp', 'toJSON']) {
      expect(Object.getOwnPropertyDescriptor(GeolocationPosition.prototype, name), name).toMatchObject({
        enumerable: true,
        configurable: true,
      });
    }
    const seen: string[] = [];
    for (const key in createPosition(fix())) seen.push(key);
    expect(seen).toEqual(['coords', 'timestamp', 'toJSON']);
  });

  it('says what it is, like the browser objects', () => {
    const position = createPosition(fix());
    expect(Object.prototype.toString.call(position)).toBe('[object GeolocationPosition]');
    expect(Object.prototype.toString.call(position.coords)).toBe('[object GeolocationCoordinates]');
  });

  it.each([
    ['GeolocationPosition', GeolocationPosition],
    ['GeolocationCoordinates', GeolocationCoordinates],
    ['GeolocationPositionError', GeolocationPositionError],
  ])('%s cannot be constructed by scripts', (_name, Ctor) => {
    const Any = Ctor as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Any()).toThrow(/Illegal constructor/);
    expect(() => new Any(Symbol('node-whereami geolocation internal'), {}, 0)).toThrow(TypeError);
  });
});

describe('GeolocationPositionError', () => {
  it('has the three constants on the interface and on instances, read-only', () => {
    const error = toPositionError(new LocationError('TIMEOUT', 'late')) as GeolocationPositionError;
    for (const [name, value] of [
      ['PERMISSION_DENIED', 1],
      ['POSITION_UNAVAILABLE', 2],
      ['TIMEOUT', 3],
    ] as const) {
      expect(GeolocationPositionError[name]).toBe(value);
      expect(error[name]).toBe(value);
      expect(Object.getOwnPropertyDescriptor(GeolocationPositionError, name)).toMatchObject({ writable: false, enumerable: true });
      expect(Object.getOwnPropertyDescriptor(GeolocationPositionError.prototype, name)).toMatchObject({ writable: false });
    }
    expect(() => {
      (GeolocationPositionError as unknown as Record<string, number>)['TIMEOUT'] = 9;
    }).toThrow(TypeError);
  });

  it('has code and message, read-only, and is not an Error (as in browsers)', () => {
    const error = toPositionError(new LocationError('PERMISSION_DENIED', 'Location access was denied.')) as GeolocationPositionError;
    expect(error.code).toBe(1);
    expect(error.message).toBe('Location access was denied.');
    expect(error).toBeInstanceOf(GeolocationPositionError);
    expect(error).not.toBeInstanceOf(Error);
    expect(Object.prototype.toString.call(error)).toBe('[object GeolocationPositionError]');
    for (const name of ['code', 'message']) {
      expect(Object.getOwnPropertyDescriptor(GeolocationPositionError.prototype, name), name).toMatchObject({
        enumerable: true,
        configurable: true,
        set: undefined,
      });
    }
    const seen: string[] = [];
    for (const key in error) seen.push(key);
    // Attributes and constants, as a browser enumerates them; no toJSON (the interface has none).
    expect(seen.sort()).toEqual(['PERMISSION_DENIED', 'POSITION_UNAVAILABLE', 'TIMEOUT', 'code', 'message']);
    expect(() => {
      (error as unknown as Record<string, number>)['code'] = 2;
    }).toThrow(TypeError);
  });

  it('maps every LocationError code: denied and services off to 1, TIMEOUT to 3, ABORTED to none, the rest to 2', () => {
    const mapped = Object.fromEntries(
      LOCATION_ERROR_CODES.map((code) => [code, toPositionError(new LocationError(code, code))?.code ?? null]),
    );
    expect(mapped).toEqual({
      PERMISSION_DENIED: 1,
      POSITION_UNAVAILABLE: 2,
      TIMEOUT: 3,
      SERVICES_DISABLED: 1,
      UNSUPPORTED_PLATFORM: 2,
      ABORTED: null,
      NOT_SUPPORTED: 2,
      GEOCODER_RATE_LIMITED: 2,
      GEOCODER_NOT_FOUND: 2,
      NETWORK: 2,
      BACKEND_FAILURE: 2,
      INVALID_SIMULATION: 2,
    });
  });

  it('reports a non-LocationError failure (a backend bug) as POSITION_UNAVAILABLE', () => {
    const error = toPositionError(new Error('segfault-ish'));
    expect(error?.code).toBe(2);
    expect(error?.message).toMatch(/segfault-ish/);
  });
});
