/**
 * Every exit code the built command can be made to produce for real here.
 * Denial, services off, an unavailable position and a backend failure need a
 * scripted backend: run.test.ts drives those through the same run() in-process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_FOR_CODE } from '../../src/cli/exit-codes.js';
import { LOCATION_ERROR_CODES } from '../../src/errors.js';
import { whereami } from './helpers.js';

const NO_ADDON = { WHEREAMI_ADDON_PATH: '/nonexistent/whereami.node' };
const FAKE_HELPER = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));

describe('exit code table', () => {
  it('maps every LocationError code to an exit code', () => {
    expect(Object.keys(EXIT_FOR_CODE).sort()).toEqual([...LOCATION_ERROR_CODES].sort());
  });

  it('gives the failures a script must tell apart codes of their own', () => {
    const distinct = [
      EXIT.OK,
      EXIT.FAILURE,
      EXIT.USAGE,
      EXIT_FOR_CODE.PERMISSION_DENIED,
      EXIT_FOR_CODE.SERVICES_DISABLED,
      EXIT_FOR_CODE.POSITION_UNAVAILABLE,
      EXIT_FOR_CODE.TIMEOUT,
      EXIT_FOR_CODE.UNSUPPORTED_PLATFORM,
      EXIT.ADDRESS_UNAVAILABLE,
    ];
    expect(new Set(distinct).size).toBe(distinct.length);
    expect(EXIT_FOR_CODE.PERMISSION_DENIED).toBe(3);
    expect(EXIT_FOR_CODE.SERVICES_DISABLED).toBe(4);
    expect(EXIT_FOR_CODE.POSITION_UNAVAILABLE).toBe(5);
    expect(EXIT_FOR_CODE.TIMEOUT).toBe(6);
    expect(EXIT_FOR_CODE.UNSUPPORTED_PLATFORM).toBe(7);
  });
});

describe('whereami: usage errors exit 2 with a usage line on stderr and nothing on stdout', () => {
  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['-x'], /unknown option '-x'/],
    [['where'], /unknown command 'where'/],
    [['status', 'extra'], /unexpected argument 'extra'/],
    [['--json', '--geojson'], /choose one of --json, --geojson/],
    [['--json', '--format', '{lat}'], /choose one of --json, --format/],
    [['--format'], /argument missing/],
    [['--json=yes'], /does not take an argument/],
    [['--timeout', 'soon'], /--timeout must be a duration/],
    [['--timeout', '-1'], /--timeout must be a duration/],
    [['--max-age', 'inf'], /--max-age must be a duration/],
    [['--accuracy', 'perfect'], /--accuracy must be one of best, nearestTenMeters/],
    [['--accuracy', '-1'], /--accuracy must be one of .* or a number of metres \(0 = best\); got "-1"/],
    [['--accuracy', 'abc'], /--accuracy must be one of .*; got "abc"/],
    [['--accuracy', 'NaN'], /--accuracy must be one of .*; got "NaN"/],
    [['--accuracy', 'Infinity'], /--accuracy must be one of .*; got "Infinity"/],
    [['--accuracy', ''], /--accuracy must be one of .*; got ""/],
    [['--distance', '10'], /--distance applies only with --watch/],
    [['--watch', '--distance', 'far'], /--distance must be a number of metres/],
    [['--watch', '--max-age', '5'], /--max-age does not apply with --watch/],
    [['--backend', 'gps'], /--backend must be one of auto, addon, helper, simulated/],
    [['--simulate', '1,2', '--backend', 'addon'], /--simulate cannot be combined with --backend addon/],
    [['--simulate', ''], /--simulate needs/],
    [['status', '--watch'], /--watch does not apply to 'status'/],
    [['request-permission', '--format', '{lat}'], /--format does not apply to 'request-permission'/],
  ])('%j', async (args, message) => {
    // With a position to simulate, only the bad argument can make the command fail.
    const r = await whereami(args.includes('--simulate') ? args : ['--simulate=1,2', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^Usage: whereami /m);
  });

  it('an unreadable --simulate value is a usage error too, naming the value', async () => {
    const r = await whereami(['--simulate', '91,0', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^whereami: Cannot simulate from "91,0": latitude 91 is outside -90\.\.90\.$/m);
    expect(r.stderr).toMatch(/^ {2}hint: /m);
  });

  it.each([
    ['multilinestring.geojson', '{"type":"MultiLineString"}', /MultiLineString has coordinates that are not an array/],
    ['null-feature.geojson', '{"type":"FeatureCollection","features":[null]}', /feature 1 is null, not a GeoJSON object/],
    ['empty-lat.gpx', '<gpx><wpt lat="" lon="13.4"/></gpx>', /point 1 has an unreadable lat ""/],
  ])('a malformed track file (%s) exits with the simulation error code, naming the file and the problem', async (name, content, problem) => {
    const dir = mkdtempSync(join(tmpdir(), 'whereami-cli-track-'));
    try {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = await whereami(['--simulate', path, '--json']);
      expect(r.code).toBe(EXIT_FOR_CODE.INVALID_SIMULATION);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Cannot simulate from ${path}: `);
      expect(r.stderr).toMatch(problem);
      expect(r.stderr).not.toMatch(/TypeError|unexpected error|\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad WHEREAMI_BACKEND is reported as a usage error', async () => {
    const r = await whereami(['--json'], { WHEREAMI_BACKEND: 'gps' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/WHEREAMI_BACKEND must be one of/);
  });
});

describe('whereami: failures', () => {
  it('exits 7 on an unsupported platform, suggesting --simulate', async () => {
    const r = await whereami(['--backend', 'addon', '--json'], NO_ADDON);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^whereami: The addon backend cannot serve here: .*\/nonexistent\/whereami\.node/);
    expect(lines[1]).toMatch(/^ {2}hint: .*--simulate/);
  });

  it('status exits 7 too when no backend can serve', async () => {
    const r = await whereami(['status', '--backend', 'addon'], NO_ADDON);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--simulate/);
  });

  it('exits 6 when a watch waits longer than --timeout for a fix (a fixed point sends only one)', async () => {
    const r = await whereami(['--simulate', '52.52,13.405', '--watch', '--json', '--timeout', '300ms']);
    expect(r.code).toBe(6);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ latitude: 52.52 });
    expect(r.stderr).toMatch(/^whereami: No location fix arrived within 300 ms\.$/m);
    expect(r.stderr).toMatch(/hint: With --watch, --timeout bounds the wait for each fix/);
  });

  it('exits 8 when --address cannot be served, after printing the fix', async () => {
    const r = await whereami(['--simulate', '52.52,13.405', '--address', '--json']);
    expect(r.code).toBe(8);
    expect(JSON.parse(r.stdout)).toMatchObject({ latitude: 52.52, longitude: 13.405, address: null });
    expect(r.stderr).toMatch(/^whereami: no address: The simulated backend has no geocoder\.$/m);
  });
});

describe('--accuracy takes what getLocation() takes', () => {
  it('--accuracy 0 (ACCURACY_LEVELS.best) gets a fix', async () => {
    const r = await whereami(['--accuracy', '0', '--simulate', '52.52,13.405', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ latitude: 52.52, longitude: 13.405 });
  });
});

describe('whereami status and request-permission', () => {
  it('status reports permission, services, accuracy and the backend with its reason', async () => {
    const r = await whereami(['status'], { WHEREAMI_SIMULATE: '52.52,13.405' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^authorization\s+authorized$/m);
    expect(r.stdout).toMatch(/^location services\s+on$/m);
    expect(r.stdout).toMatch(/^accuracy\s+full \(precise location allowed\)$/m);
    expect(r.stdout).toMatch(/^backend\s+simulated \(provider simulated, 52\.52,13\.405\)$/m);
    expect(r.stdout).toMatch(/^chosen because\s+WHEREAMI_SIMULATE is set$/m);
  });

  it('status --json', async () => {
    const r = await whereami(['status', '--json', '--simulate', '1,2']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      authorization: 'authorized',
      servicesEnabled: true,
      accuracyAuthorization: 'full',
      approximateOnly: false,
      backend: { name: 'simulated', provider: 'simulated', detail: '1,2', reason: 'simulating 1,2' },
    });
  });

  it("status says who the OS sees asking, as the helper's hello said it", async () => {
    const helper = { WHEREAMI_HELPER_PATH: FAKE_HELPER, FAKE_HELPER_BUNDLE: '{"identifier":"dev.example.whereami-helper","hasLocationUsageDescription":false}' };
    const human = await whereami(['status', '--backend', 'helper'], helper);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^asking as\s+dev\.example\.whereami-helper, location usage description: no$/m);
    const json = await whereami(['status', '--backend', 'helper', '--json'], helper);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { backend: unknown }).backend).toMatchObject({
      name: 'helper',
      bundle: { identifier: 'dev.example.whereami-helper', hasLocationUsageDescription: false },
    });
  });

  it('request-permission prints the answer and exits 0 when authorized', async () => {
    const r = await whereami(['request-permission', '--simulate', '1,2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ authorization: 'authorized' });
  });
});
