/** Spawning the built `whereami` and capturing what it does. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'whereami.cjs');

if (!existsSync(join(ROOT, 'bin', 'whereami.cjs')) || !existsSync(join(ROOT, 'dist', 'cli', 'app.cjs'))) {
  throw new Error('bin/whereami.cjs or dist/cli/app.cjs is missing: run `npm run build` before the CLI tests (npm test does).');
}

/** The test process's environment without anything that would steer the command. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('WHEREAMI_') || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function start(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env) });
}

export function collect(child: ChildProcessWithoutNullStreams): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `whereami ARGS` to completion. */
export function whereami(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const child = start(args, env);
  child.stdin.end();
  return collect(child);
}

/** Resolves once `count` complete lines have arrived on the child's stdout. */
export function linesArrive(child: ChildProcessWithoutNullStreams, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const lines = text.split('\n');
      if (lines.length > count) {
        child.stdout.off('data', onData);
        resolve(lines.slice(0, count));
      }
    };
    child.stdout.on('data', onData);
    child.on('close', () => reject(new Error(`whereami ended after ${text.split('\n').length - 1} lines: ${text}`)));
  });
}

/**
 * A GeoJSON track of `count` points about 130 m apart (north-east), without
 * times: the simulator plays them one second apart and sends a fix a second.
 */
let trackDir: string | undefined;

/** Deletes every file trackFile() wrote; call it from afterAll. */
export function removeTrackFiles(): void {
  if (trackDir) rmSync(trackDir, { recursive: true, force: true });
  trackDir = undefined;
}

export function trackFile(count = 20): string {
  if (!trackDir) {
    const dir = mkdtempSync(join(tmpdir(), 'whereami-cli-'));
    trackDir = dir;
  }
  const dir = mkdtempSync(join(trackDir, 'track-'));
  const coordinates = Array.from({ length: count }, (_, i) => [13.405 + i * 0.001, 52.52 + i * 0.001, 30 + i]);
  const path = join(dir, 'track.geojson');
  writeFileSync(path, JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }));
  return path;
}

/** Great-circle distance in metres, written out here so the test does not trust the code under test. */
export function metresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}
