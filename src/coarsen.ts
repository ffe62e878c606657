/**
 * The one coarsening of a position to an area, used for every approximate
 * answer whatever the backend. It snaps to the centre of a fixed grid cell,
 * never adds fresh noise: noise drawn anew per request averages away over
 * many requests, while a fixed cell gives the same answer every time and so
 * tells nothing finer than the cell, however often it is asked.
 */
import { distanceMetres } from './geo.js';
import type { Location } from './types.js';

/** Cell height in degrees of latitude: 0.05° is about 5.6 km, a town's size. */
export const CELL_DEGREES = 0.05;

const ROWS = Math.round(180 / CELL_DEGREES);
const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

export interface Cell {
  /** Centre of the cell, degrees. */
  latitude: number;
  longitude: number;
  /** Metres from the centre to the cell's farthest corner: the cell lies within this circle. */
  radius: number;
}

/**
 * The grid cell a point lies in. Rows are CELL_DEGREES of latitude; each row
 * is cut into a whole number of equal columns, as many as keep a column no
 * wider than a row is tall at the row's edge nearest the equator, so cells
 * stay roughly square from the equator to the poles and the grid never
 * depends on anything but the point.
 */
export function cellOf(latitude: number, longitude: number): Cell {
  const row = Math.min(ROWS - 1, Math.max(0, Math.floor((latitude + 90) / CELL_DEGREES)));
  const south = -90 + row * CELL_DEGREES;
  const north = south + CELL_DEGREES;
  const nearEquator = south >= 0 ? south : north <= 0 ? -north : 0;
  const columns = Math.max(1, Math.floor((360 * Math.cos(toRadians(nearEquator))) / CELL_DEGREES));
  const width = 360 / columns;
  const wrapped = ((((longitude + 180) % 360) + 360) % 360) - 180;
  const column = Math.min(columns - 1, Math.floor((wrapped + 180) / width));
  const west = -180 + column * width;
  const centre = { latitude: round((south + north) / 2), longitude: round(west + width / 2) };
  const corners = [
    { latitude: south, longitude: west },
    { latitude: north, longitude: west },
  ];
  const farthest = Math.max(...corners.map((corner) => distanceMetres(centre, corner)));
  // Rounded up to 100 m so the circle still covers the corners after rounding.
  return { ...centre, radius: Math.ceil(farthest / 100) * 100 };
}

/**
 * The approximate form of a fix: the centre of its cell, an accuracy radius
 * that covers the whole cell (or the fix's own accuracy when that is wider),
 * and no altitude, speed, course or floor. Idempotent: coarsening an
 * approximate fix gives it back unchanged.
 */
export function coarsen(fix: Location): Location {
  const cell = cellOf(fix.latitude, fix.longitude);
  const coarse: Location = {
    latitude: cell.latitude,
    longitude: cell.longitude,
    accuracy: Math.max(cell.radius, Math.ceil(fix.accuracy / 100) * 100),
    timestamp: fix.timestamp,
    provider: fix.provider,
    approximate: true,
  };
  if (fix.simulated !== undefined) coarse.simulated = fix.simulated;
  return coarse;
}

/** Rounds away the float noise of the grid arithmetic, so equal cells print equal. */
function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
