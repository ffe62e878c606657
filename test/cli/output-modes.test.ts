/** Spawns the built `whereami` with a simulated position and checks every output mode. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, whereami } from './helpers.js';

const BERLIN = '52.52,13.405';

describe('whereami: one fix', () => {
  it('prints coordinates, accuracy, age and provider for people by default', async () => {
    const r = await whereami(['--simulate', `${BERLIN},12`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^location\s+52\.520000, 13\.405000$/m);
    expect(r.stdout).toMatch(/^accuracy\s+±12 m$/m);
    expect(r.stdout).toMatch(/^age\s+\d+(\.\d)? s \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\)$/m);
    expect(r.stdout).toMatch(/^provider\s+simulated$/m);
    // No colour on a pipe.
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--json prints one object with numbers as numbers (the issue\'s acceptance example)', async () => {
    const r = await whereami(['--simulate', BERLIN, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const fix = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(fix['latitude']).toBe(52.52);
    expect(fix['longitude']).toBe(13.405);
    expect(fix['accuracy']).toBe(5);
    expect(typeof fix['timestamp']).toBe('number');
    expect(new Date(fix['time'] as string).getTime()).toBe(fix['timestamp']);
    expect(fix['provider']).toBe('simulated');
    expect(fix).not.toHaveProperty('address');
  });

  it('WHEREAMI_SIMULATE works as --simulate does', async () => {
    const r = await whereami(['--json'], { WHEREAMI_SIMULATE: '-33.8688,151.2093,40' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ latitude: -33.8688, longitude: 151.2093, accuracy: 40 });
  });

  it('takes a negative coordinate after --simulate without "="', async () => {
    const r = await whereami(['--simulate', '-33.8688,151.2093', '-j']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ latitude: -33.8688, longitude: 151.2093 });
  });

  it('--geojson prints a valid Feature with a Point at [longitude, latitude]', async () => {
    const r = await whereami(['--simulate', BERLIN, '--geojson']);
    expect(r.code).toBe(0);
    const feature = JSON.parse(r.stdout) as {
      type: string;
      geometry: { type: string; coordinates: number[] };
      properties: Record<string, unknown>;
    };
    expect(feature.type).toBe('Feature');
    expect(feature.geometry).toEqual({ type: 'Point', coordinates: [13.405, 52.52] });
    expect(feature.properties).toMatchObject({ accuracy: 5, provider: 'simulated' });
    expect(feature.properties).not.toHaveProperty('latitude');
  });
});

describe('whereami --format', () => {
  it('substitutes tokens that are prefixes of others, each by its own value', async () => {
    const r = await whereami(['-s', '52.5,-13.25,7', '-f', '{lat}|{latitude}|{lon}|{lng}|{longitude}|{accuracy}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('52.5|52.5|-13.25|-13.25|-13.25|7\n');
  });

  it('{time}, {timestamp} and {localtime} are three different things', async () => {
    const r = await whereami(['-s', BERLIN, '-f', '{time} {timestamp} {localtime}'], { TZ: 'Asia/Kolkata' });
    expect(r.code).toBe(0);
    const [time, timestamp, localtime] = r.stdout.trim().split(' ') as [string, string, string];
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Number(timestamp)).toBe(Date.parse(time));
    expect(localtime).toMatch(/\+05:30$/);
    expect(Date.parse(localtime)).toBe(Date.parse(time));
  });

  it('keeps {{ and }} literal, turns \\n and \\t into newline and tab, and renders unknown values empty', async () => {
    const r = await whereami(['-s', BERLIN, '-f', '{{lat}}={lat}\\t[{altitude}][{speed}]\\n{provider}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{lat}=52.52\t[][]\nsimulated\n');
  });

  it('fills {altitude}, {speed} and {course} when the fix has them', async () => {
    const r = await whereami(['-s', join(ROOT, 'test/cli/fixtures/short-track.gpx'), '-f', '{altitude} {speed} {course}']);
    expect(r.code).toBe(0);
    const [altitude, speed, course] = r.stdout.trim().split(' ').map(Number) as [number, number, number];
    expect(altitude).toBeGreaterThanOrEqual(34);
    expect(speed).toBeGreaterThan(0);
    expect(course).toBeGreaterThanOrEqual(0);
    expect(course).toBeLessThan(360);
  });

  it('address tokens ask for the address: the simulator has none, so the fix is printed, noted, and exit is 8', async () => {
    const r = await whereami(['-s', BERLIN, '-f', '{lat} [{city}] [{address}]']);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('52.52 [] []\n');
    expect(r.stderr).toMatch(/^whereami: no address: .*geocoder/m);
  });

  it.each([
    ['{foo}', /unknown token "\{foo\}"/],
    ['{lat', /unmatched "\{"/],
    ['lat}', /unmatched "\}"/],
    ['{}', /empty token/],
    ['{latitude}{Lat}', /unknown token "\{Lat\}"/],
  ])('rejects %s with exit 2, a usage line and nothing on stdout', async (template, message) => {
    const r = await whereami(['-s', BERLIN, '--format', template]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^Usage: whereami /m);
  });
});

describe('whereami --help, --version, colour', () => {
  it('--help shows usage, every flag and token, and examples', async () => {
    const r = await whereami(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const flag of ['--json', '--geojson', '--format', '--watch', '--distance', '--timeout', '--accuracy', '--max-age', '--backend', '--simulate', '--address', '--version']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('{latitude}');
    expect(r.stdout).toContain('{isoCountryCode}');
    expect(r.stdout).toContain('Examples:');
    expect((await whereami(['help'])).stdout).toBe(r.stdout);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V'], ['--json', '--version']]) {
      const r = await whereami(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('colours a terminal, but not when NO_COLOR is set (needs util-linux script for a pty)', () => {
    const onTty = (env: Record<string, string>): string =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" --simulate ${BERLIN}`, '/dev/null'], {
        env: cleanEnv({ TERM: 'xterm', ...env }),
        encoding: 'utf8',
      }).stdout;
    const coloured = onTty({});
    expect(coloured).toContain('52.520000, 13.405000');
    expect(coloured).toContain('\x1b[');
    const plain = onTty({ NO_COLOR: '1' });
    expect(plain).toContain('52.520000, 13.405000');
    expect(plain).not.toContain('\x1b[');
  });
});
