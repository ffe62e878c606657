/**
 * GeolocationPosition and GeolocationCoordinates as the W3C interfaces define
 * them today: read-only attributes (enumerable accessors on the prototype,
 * as WebIDL makes them), `null` for what the provider did not report,
 * `heading` null also while the device stands still (w3c/geolocation #173),
 * and the default `toJSON()`.
 */
import type { Location } from '../types.js';
import { INTERNAL } from './errors.js';
import { exposeAsInterface } from './webidl.js';

/** What `GeolocationCoordinates.toJSON()` returns. */
export interface GeolocationCoordinatesJSON {
  accuracy: number;
  latitude: number;
  longitude: number;
  altitude: number | null;
  altitudeAccuracy: number | null;
  heading: number | null;
  speed: number | null;
}

/** What `GeolocationPosition.toJSON()` returns. */
export interface GeolocationPositionJSON {
  coords: GeolocationCoordinatesJSON;
  timestamp: number;
}

export class GeolocationCoordinates {
  readonly #data: GeolocationCoordinatesJSON;

  /** @throws TypeError: scripts cannot construct it (WebIDL: no constructor). */
  constructor(token: typeof INTERNAL, data: GeolocationCoordinatesJSON) {
    if (token !== INTERNAL) throw new TypeError('Illegal constructor');
    this.#data = { ...data };
  }

  /** Radius of the accuracy circle, in metres. */
  get accuracy(): number {
    return this.#data.accuracy;
  }
  /** Degrees, WGS 84. */
  get latitude(): number {
    return this.#data.latitude;
  }
  /** Degrees, WGS 84. */
  get longitude(): number {
    return this.#data.longitude;
  }
  /** Metres above the WGS 84 ellipsoid where the provider says, else above mean sea level; null when unknown. */
  get altitude(): number | null {
    return this.#data.altitude;
  }
  /** Metres; null when the altitude is unknown. */
  get altitudeAccuracy(): number | null {
    return this.#data.altitudeAccuracy;
  }
  /** Degrees clockwise from true north, 0 <= heading < 360; null when standing still (speed 0) or unknown. */
  get heading(): number | null {
    return this.#data.heading;
  }
  /** Metres per second; null when unknown. */
  get speed(): number | null {
    return this.#data.speed;
  }

  toJSON(): GeolocationCoordinatesJSON {
    const { accuracy, latitude, longitude, altitude, altitudeAccuracy, heading, speed } = this.#data;
    return { accuracy, latitude, longitude, altitude, altitudeAccuracy, heading, speed };
  }
}

exposeAsInterface(GeolocationCoordinates, 'GeolocationCoordinates', [
  'accuracy',
  'latitude',
  'longitude',
  'altitude',
  'altitudeAccuracy',
  'heading',
  'speed',
  'toJSON',
]);

export class GeolocationPosition {
  readonly #coords: GeolocationCoordinates;
  readonly #timestamp: number;

  /** @throws TypeError: scripts cannot construct it (WebIDL: no constructor). */
  constructor(token: typeof INTERNAL, coords: GeolocationCoordinates, timestamp: number) {
    if (token !== INTERNAL) throw new TypeError('Illegal constructor');
    this.#coords = coords;
    this.#timestamp = timestamp;
  }

  get coords(): GeolocationCoordinates {
    return this.#coords;
  }

  /** When the position was acquired: milliseconds since the Unix epoch (an EpochTimeStamp). */
  get timestamp(): number {
    return this.#timestamp;
  }

  toJSON(): GeolocationPositionJSON {
    return { coords: this.#coords.toJSON(), timestamp: this.#timestamp };
  }
}

exposeAsInterface(GeolocationPosition, 'GeolocationPosition', ['coords', 'timestamp', 'toJSON']);

function normalizeHeading(course: number): number {
  const degrees = course % 360;
  return degrees < 0 ? degrees + 360 : degrees;
}

/** The W3C coordinates of a core fix. */
export function coordinatesData(fix: Location): GeolocationCoordinatesJSON {
  // The spec measures altitude from the WGS 84 ellipsoid; some providers give that
  // separately, every provider gives height above sea level.
  const altitude = fix.ellipsoidalAltitude ?? fix.altitude ?? null;
  const speed = fix.speed ?? null;
  // Today's text (w3c/geolocation #173, 2024): null, not NaN, when standing still.
  const heading = fix.course === undefined || speed === 0 ? null : normalizeHeading(fix.course);
  return {
    accuracy: fix.accuracy,
    latitude: fix.latitude,
    longitude: fix.longitude,
    altitude,
    altitudeAccuracy: altitude === null ? null : (fix.altitudeAccuracy ?? null),
    heading,
    speed,
  };
}

/** A new GeolocationPosition for a core fix. The timestamp is an integer, as EpochTimeStamp is. */
export function createPosition(fix: Location): GeolocationPosition {
  return new GeolocationPosition(
    INTERNAL,
    new GeolocationCoordinates(INTERNAL, coordinatesData(fix)),
    Math.floor(fix.timestamp),
  );
}
