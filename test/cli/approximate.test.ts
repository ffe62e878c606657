/**
 * `whereami --approximate`, the acceptance: a coarsened position a few
 * km from the true one, a km-scale radius covering it, no altitude, speed or
 * course; one answer from anywhere in the cell; every output mode and --watch.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { collect, linesArrive, metresBetween, removeTrackFiles, start, trackFile, whereami } from './helpers.js';

afterAll(removeTrackFiles);

const TRUE_POINT = { latitude: 52.52, longitude: 13.405 };

/** The fix without its time: what must be equal from one run to the next. */
function place(fix: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fix).filter(([key]) => key !== 'timestamp' && key !== 'time'));
}

describe('whereami --approximate', () => {
  it('WHEREAMI_SIMULATE=52.52,13.405 --approximate --json: a few km off, km-scale radius covering the point, nothing finer', async () => {
    const r = await whereami(['--approximate', '--json'], { WHEREAMI_SIMULATE: '52.52,13.405' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const fix = JSON.parse(r.stdout) as Record<string, number | string | boolean>;
    const off = metresBetween(TRUE_POINT, fix as unknown as typeof TRUE_POINT);
    expect(off).toBeLessThan(5_000);
    expect(off).toBeGreaterThan(0);
    expect(fix['accuracy']).toBeGreaterThanOrEqual(1_000);
    expect(fix['accuracy']).toBeLessThan(10_000);
    expect(fix['accuracy']).toBeGreaterThanOrEqual(off);
    expect(fix['approximate']).toBe(true);
    for (const absent of ['altitude', 'altitudeAccuracy', 'ellipsoidalAltitude', 'speed', 'course', 'floor']) {
      expect(fix, absent).not.toHaveProperty(absent);
    }
  });

  // 100 processes take ~50 s on a loaded 2-core machine; 25 spread over the same
  // ~800 m square keep the suite quick (test/core/coarsen.test.ts runs 100 in-process).
  it('gives one answer from 25 slightly different simulated points inside one cell', { timeout: 120_000 }, async () => {
    const points = Array.from({ length: 25 }, (_, i) => ({
      latitude: 52.52 + ((i % 5) - 2) * 0.0018,
      longitude: 13.405 + (Math.floor(i / 5) - 2) * 0.0018,
    }));
    const answers = new Set<string>();
    // A few at a time: the machine is shared.
    for (let i = 0; i < points.length; i += 5) {
      const batch = points.slice(i, i + 5).map(async ({ latitude, longitude }) => {
        const r = await whereami(['--approximate', '--json', '--simulate', `${latitude},${longitude},5`]);
        expect(r.code).toBe(0);
        return JSON.stringify(place(JSON.parse(r.stdout) as Record<string, unknown>));
      });
      for (const answer of await Promise.all(batch)) answers.add(answer);
    }
    expect(answers.size).toBe(1);
  });

  it('works in every output mode', async () => {
    const human = await whereami(['--approximate', '--simulate', '52.52,13.405,5']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^accuracy\s+±\d+ m \(approximate area\)$/m);
    expect(human.stdout).not.toMatch(/52\.520000, 13\.405000/);

    const geo = await whereami(['--approximate', '--geojson', '--simulate', '52.52,13.405,5']);
    expect(geo.code).toBe(0);
    const feature = JSON.parse(geo.stdout) as { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> };
    expect(feature.properties['approximate']).toBe(true);
    expect(feature.geometry.coordinates).not.toEqual([13.405, 52.52]);

    const format = await whereami(['--approximate', '--format', '{lat},{lon} {accuracy}', '--simulate', '52.52,13.405,5']);
    expect(format.code).toBe(0);
    const [lat, lon, accuracy] = format.stdout.trim().split(/[ ,]/).map(Number) as [number, number, number];
    expect(metresBetween(TRUE_POINT, { latitude: lat, longitude: lon })).toBeLessThanOrEqual(accuracy);
    expect(lat).not.toBe(52.52);
  });

  it('--watch streams approximate fixes only', async () => {
    const child = start(['--simulate', trackFile(), '--watch', '--json', '--approximate']);
    const done = collect(child);
    const lines = await linesArrive(child, 2);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(0);
    for (const line of lines) {
      const fix = JSON.parse(line) as Record<string, unknown>;
      expect(fix['approximate']).toBe(true);
      expect(fix).not.toHaveProperty('altitude');
      expect(fix['accuracy']).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('status says whether the person limited this app to an approximate location', async () => {
    const r = await whereami(['status', '--json', '--simulate', '1,2']);
    expect(JSON.parse(r.stdout)).toMatchObject({ accuracyAuthorization: 'full', approximateOnly: false });
  });
});
