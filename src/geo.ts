/** Small spherical-earth helpers used by the core and the simulator. */
import type { Coordinates } from './backends/contract.js';
import { describe } from './describe.js';

/** Mean earth radius in metres (IUGG). */
const EARTH_RADIUS_M = 6_371_008.8;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, degrees clockwise from true north in [0, 360). */
export function bearingDegrees(a: Coordinates, b: Coordinates): number {
  const φ1 = toRadians(a.latitude);
  const φ2 = toRadians(b.latitude);
  const Δλ = toRadians(b.longitude - a.longitude);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** Linear interpolation between two points; fine over the short legs of a track. */
export function interpolate(a: Coordinates, b: Coordinates, fraction: number): Coordinates {
  return {
    latitude: a.latitude + (b.latitude - a.latitude) * fraction,
    longitude: a.longitude + (b.longitude - a.longitude) * fraction,
  };
}

export function isValidLatitude(value: number): boolean {
  return Number.isFinite(value) && value >= -90 && value <= 90;
}

export function isValidLongitude(value: number): boolean {
  return Number.isFinite(value) && value >= -180 && value <= 180;
}

/**
 * The one check of a caller's coordinates object (geocoding's point, the
 * test kit's positions): a TypeError for the wrong types, a RangeError for
 * values off the globe, each naming `what`.
 */
export function checkCoordinates(value: unknown, what: string): Coordinates {
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`${what} must be an object with latitude and longitude, got ${describe(value)}`);
  }
  const { latitude, longitude } = value as Record<string, unknown>;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') {
    throw new TypeError(`${what} needs numeric latitude and longitude, got ${describe(latitude)} and ${describe(longitude)}`);
  }
  if (!isValidLatitude(latitude)) throw new RangeError(`${what}.latitude must be within -90..90, got ${latitude}`);
  if (!isValidLongitude(longitude)) throw new RangeError(`${what}.longitude must be within -180..180, got ${longitude}`);
  return { latitude, longitude };
}

