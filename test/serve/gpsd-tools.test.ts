/**
 * Clients no one here wrote: Debian's gpspipe against `whereami serve`, and
 * gpsd itself reading `whereami serve --nmea-listen` as a tcp:// NMEA source.
 * CI installs gpsd and gpsd-clients (.ci/apt-packages.txt); where they are
 * missing these tests fail rather than skip.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EPH_PER_ACCURACY } from '../../src/serve/gpsd-json.js';
import { start as startWhereami } from '../cli/helpers.js';
import { parseSentence, sentenceDegrees } from './nmea-reader.js';

const TRACK = join(import.meta.dirname, 'fixtures', 'square-walk.gpx');
const POINTS: [number, number][] = [
  [-33.856784, 151.215297],
  [-33.8567, 151.2154],
  [-33.856612, 151.215511],
  [-33.85653, 151.21562],
];
const LAST = POINTS[3] as [number, number];

function tool(name: string, path: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name} || test -x ${path} && echo ${path}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${name} is missing: install Debian's gpsd and gpsd-clients (.ci/apt-packages.txt lists them)`);
  return found.split('\n')[0] as string;
}

const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * How far a point is from the track's polyline, in degrees along the worse
 * axis, at its nearest point (flat geometry: the legs are metres long).
 * Per axis, because NMEA rounds latitude and longitude each to 1/10000 of a
 * minute (8.3e-7 degrees at most).
 */
function offTrack(lat: number, lon: number): number {
  let bestDistance = Infinity;
  let bestAxis = Infinity;
  for (let i = 0; i + 1 < POINTS.length; i += 1) {
    const [ay, ax] = POINTS[i] as [number, number];
    const [by, bx] = POINTS[i + 1] as [number, number];
    const t = Math.max(0, Math.min(1, ((lon - ax) * (bx - ax) + (lat - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    const dx = lon - (ax + t * (bx - ax));
    const dy = lat - (ay + t * (by - ay));
    if (Math.hypot(dx, dy) < bestDistance) {
      bestDistance = Math.hypot(dx, dy);
      bestAxis = Math.max(Math.abs(dx), Math.abs(dy));
    }
  }
  return bestAxis;
}

/** Collects a child's stdout lines until `done` says so, bounded in time. */
function linesUntil(child: ChildProcessWithoutNullStreams, done: (lines: string[]) => boolean, ms: number, what: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(lines.slice(-4))} ${stderr}`)), ms);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('latin1')).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.map((part) => part.replace(/\r$/, '')));
      if (done(lines)) {
        clearTimeout(timer);
        resolve(lines);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!done(lines)) reject(new Error(`${what}: the process exited (${String(code)}) first; ${stderr}`));
    });
  });
}

/** Starts `whereami serve` on ephemeral ports; resolves with them. */
async function serve(): Promise<{ gpsd: number; nmea: number; child: ChildProcessWithoutNullStreams }> {
  const child = startWhereami(['serve', '--listen', '0', '--nmea-listen', '0', '--simulate', TRACK]);
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`whereami serve did not start: ${text}`)), 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const gpsd = /gpsd protocol on 127\.0\.0\.1:(\d+)/.exec(text);
      const nmea = /NMEA 0183 on 127\.0\.0\.1:(\d+)/.exec(text);
      if (gpsd && nmea) {
        clearTimeout(timer);
        resolve({ gpsd: Number(gpsd[1]), nmea: Number(nmea[1]), child });
      }
    });
  });
}

const tpvs = (lines: string[]): { mode: number; lat: number; lon: number; eph?: number }[] =>
  lines.filter((l) => l.includes('"class":"TPV"')).map((l) => JSON.parse(l) as { mode: number; lat: number; lon: number });

const atLast = (tpv: { lat?: number; lon?: number }): boolean =>
  Math.abs((tpv.lat ?? 0) - LAST[0]) < 1e-6 && Math.abs((tpv.lon ?? 0) - LAST[1]) < 1e-6;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('gpsd tools against whereami serve', () => {
  it('gpspipe -w gets TPV objects on the track, to 1e-6 degrees, ending at its last point', { timeout: 40_000 }, async () => {
    const gpspipe = tool('gpspipe', '/usr/bin/gpspipe');
    const { gpsd } = await serve();
    const pipe = spawn(gpspipe, ['-w', `127.0.0.1:${gpsd}`]);
    children.push(pipe);
    const lines = await linesUntil(pipe, (got) => tpvs(got).some(atLast), 25_000, 'a TPV at the last track point');
    pipe.kill();
    expect(JSON.parse(lines[0] as string)).toMatchObject({ class: 'VERSION', proto_major: 3 });
    const reports = tpvs(lines);
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(atLast(reports.at(-1) ?? { lat: 0, lon: 0 })).toBe(true);
    expect(Math.abs((reports[0]?.lat ?? 0) - (POINTS[0] as [number, number])[0])).toBeLessThan(1e-6);
    for (const tpv of reports) {
      expect(tpv.mode).toBe(3);
      expect(offTrack(tpv.lat, tpv.lon)).toBeLessThan(1e-6);
    }
  });

  it('gpspipe -r gets valid NMEA sentences on the track', { timeout: 40_000 }, async () => {
    const gpspipe = tool('gpspipe', '/usr/bin/gpspipe');
    const { gpsd } = await serve();
    const pipe = spawn(gpspipe, ['-r', `127.0.0.1:${gpsd}`]);
    children.push(pipe);
    const nmea = (got: string[]): string[] => got.filter((l) => l.startsWith('$'));
    const lines = await linesUntil(pipe, (got) => nmea(got).length >= 4, 25_000, 'four NMEA sentences');
    pipe.kill();
    const kinds = new Set<string>();
    for (const sentence of nmea(lines)) {
      const parsed = parseSentence(sentence);
      expect(parsed.checksumValid).toBe(true);
      const kind = parsed.fields[0] as string;
      kinds.add(kind);
      const [lat, lon] = sentenceDegrees(parsed.fields, kind === 'GPGGA' ? 2 : 3);
      // ddmm.mmmm keeps 1/10000 of a minute: 1.7e-6 degrees, so within 1e-6 after rounding.
      expect(offTrack(lat, lon)).toBeLessThan(1e-6);
    }
    expect([...kinds].sort()).toEqual(['GPGGA', 'GPRMC']);
  });

  it('gpsd reading --nmea-listen as a tcp:// source reports the same positions and accuracy', { timeout: 60_000 }, async () => {
    const gpsdBin = tool('gpsd', '/usr/sbin/gpsd');
    const gpspipe = tool('gpspipe', '/usr/bin/gpspipe');
    const { nmea } = await serve();
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'whereami-gpsd-'));
    dirs.push(dir);
    // -N foreground, -n open the source at once, -S its own port, -F its own control socket.
    const daemon = spawn(gpsdBin, ['-N', '-n', '-S', String(port), '-F', join(dir, 'control.sock'), `tcp://127.0.0.1:${nmea}`]);
    children.push(daemon);
    let pipe: ChildProcessWithoutNullStreams | undefined;
    let lines: string[] = [];
    // gpsd takes a moment to listen; retry gpspipe until it connects.
    for (let attempt = 0; attempt < 40 && lines.length === 0; attempt += 1) {
      pipe = spawn(gpspipe, ['-w', `127.0.0.1:${port}`]);
      children.push(pipe);
      lines = await linesUntil(pipe, (got) => tpvs(got).some(atLast), 25_000, 'a gpsd TPV at the last track point').catch(async (error: unknown) => {
        if (attempt === 39) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
        return [];
      });
    }
    pipe?.kill();
    const reports = tpvs(lines).filter((tpv) => tpv.mode >= 2);
    expect(reports.length).toBeGreaterThanOrEqual(1);
    for (const tpv of reports) expect(offTrack(tpv.lat, tpv.lon)).toBeLessThan(1e-6);
    // The track's accuracy is 5 m at 68%: gpsd turns our HDOP back into the same 95% radius, to HDOP's two decimals.
    const last = reports.at(-1) as { eph?: number };
    expect(last.eph).toBeDefined();
    expect(Math.abs((last.eph as number) - 5 * EPH_PER_ACCURACY)).toBeLessThanOrEqual(19 * 0.005 + 0.001);
  });
});
