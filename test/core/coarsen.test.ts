/**
 * The one coarsening: stable (a fixed grid, never fresh noise), an accuracy
 * radius that covers the whole cell, and nothing finer than the cell left.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_DEGREES, cellOf, coarsen } from '../../src/coarsen.js';
import { distanceMetres } from '../../src/geo.js';
import type { Location } from '../../src/types.js';

const fix = (latitude: number, longitude: number, extra: Partial<Location> = {}): Location => ({
  latitude,
  longitude,
  accuracy: 5,
  timestamp: 1_700_000_000_000,
  provider: 'simulated',
  ...extra,
});

describe('coarsen', () => {
  it('puts Berlin within a few km of the true point, with a km-scale radius that covers it', () => {
    const coarse = coarsen(fix(52.52, 13.405));
    const off = distanceMetres(coarse, { latitude: 52.52, longitude: 13.405 });
    expect(off).toBeLessThan(5_000);
    expect(coarse.accuracy).toBeGreaterThanOrEqual(1_000);
    expect(coarse.accuracy).toBeLessThan(10_000);
    expect(coarse.accuracy).toBeGreaterThanOrEqual(off);
  });

  it('keeps only position, accuracy, time and provider: no altitude, speed, course or floor', () => {
    const coarse = coarsen(
      fix(52.52, 13.405, {
        altitude: 34,
        ellipsoidalAltitude: 78,
        altitudeAccuracy: 3,
        speed: 4,
        speedAccuracy: 1,
        course: 90,
        courseAccuracy: 5,
        floor: 2,
        simulated: true,
      }),
    );
    expect(Object.keys(coarse).sort()).toEqual(
      ['accuracy', 'approximate', 'latitude', 'longitude', 'provider', 'simulated', 'timestamp'].sort(),
    );
    expect(coarse.approximate).toBe(true);
  });

  it('gives one answer for 100 slightly different points inside one cell', () => {
    const cell = cellOf(52.52, 13.405);
    const answers = new Set<string>();
    for (let i = 0; i < 100; i += 1) {
      // Up to ~500 m around a point well inside the cell.
      const latitude = cell.latitude + ((i % 10) - 4.5) * 0.001;
      const longitude = cell.longitude + (Math.floor(i / 10) - 4.5) * 0.001;
      answers.add(JSON.stringify(coarsen(fix(latitude, longitude))));
    }
    expect(answers.size).toBe(1);
  });

  it('cannot be averaged away: many answers near one point are all the same cell centre', () => {
    const centre = cellOf(48.8566, 2.3522);
    const answers = Array.from({ length: 50 }, () => coarsen(fix(48.8566, 2.3522)));
    expect(new Set(answers.map((a) => `${a.latitude},${a.longitude}`))).toEqual(
      new Set([`${centre.latitude},${centre.longitude}`]),
    );
  });

  it('is idempotent', () => {
    const once = coarsen(fix(-33.8688, 151.2093));
    expect(coarsen(once)).toEqual(once);
  });

  it('keeps a wider accuracy of its own: a fix known only to 20 km stays 20 km', () => {
    expect(coarsen(fix(52.52, 13.405, { accuracy: 20_000 })).accuracy).toBe(20_000);
  });

  it('covers every point of its cell, anywhere on earth, and keeps cells a few km across', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true, maxExcluded: true }),
        (latitude, longitude) => {
          const coarse = coarsen(fix(latitude, longitude));
          expect(distanceMetres(coarse, { latitude, longitude })).toBeLessThanOrEqual(coarse.accuracy);
          expect(coarsen(fix(coarse.latitude, coarse.longitude))).toMatchObject({
            latitude: coarse.latitude,
            longitude: coarse.longitude,
          });
          // Away from the poles a cell is no more than a few km across.
          if (Math.abs(latitude) < 80) expect(coarse.accuracy).toBeLessThanOrEqual(5_000);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('treats longitudes 180 and -180 as the same meridian', () => {
    expect(coarsen(fix(10, 180))).toEqual(coarsen(fix(10, -180)));
  });

  it('has rows CELL_DEGREES tall', () => {
    const a = cellOf(0.01, 10);
    const b = cellOf(0.01 + CELL_DEGREES, 10);
    expect(b.latitude - a.latitude).toBeCloseTo(CELL_DEGREES, 9);
  });
});
