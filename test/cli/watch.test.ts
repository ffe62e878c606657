/**
 * `whereami --watch` on a simulated track: fixes stream until SIGINT, SIGTERM
 * or a closed stdout, and whatever was written arrives whole.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, collect, linesArrive, metresBetween, removeTrackFiles, start, trackFile } from './helpers.js';

afterAll(removeTrackFiles);

interface Fix {
  latitude: number;
  longitude: number;
  accuracy: number;
  timestamp: number;
}

function parseLines(stdout: string): Fix[] {
  expect(stdout.endsWith('\n')).toBe(true);
  return stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Fix);
}

describe('whereami --watch', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('streams NDJSON with --json and exits 0 on %s, output complete', async (signal) => {
    const child = start(['--simulate', trackFile(), '--watch', '--json']);
    const done = collect(child);
    await linesArrive(child, 2);
    child.kill(signal);
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    const fixes = parseLines(r.stdout);
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    expect(fixes[0]).toMatchObject({ latitude: 52.52, longitude: 13.405 });
    for (const fix of fixes) expect(typeof fix.latitude).toBe('number');
    // The track moves north-east.
    const [first, second] = fixes as [Fix, Fix];
    expect(second.latitude).toBeGreaterThan(first.latitude);
    expect(second.timestamp).toBeGreaterThan(first.timestamp);
  });

  it('stops promptly and quietly when its reader goes away (closed stdout: EPIPE)', async () => {
    const child = start(['--simulate', trackFile(), '--watch', '--json']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await linesArrive(child, 1);
    child.stdout.destroy();
    // The next fix (a second later) hits the closed pipe; the watch must end then, not run on.
    const code = await exited;
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('piped into `head -n 2`: two lines, then an exit with status 0 and no stack trace', async () => {
    const script = `"${process.execPath}" "${BIN}" --simulate "${trackFile()}" --watch | head -n 2; echo "status \${PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', script], { env: cleanEnv() });
    child.stdin.end();
    const r = await collect(child);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}52\.520000, 13\.405000 {2}±5 m {2}alt 30 m/);
    expect(r.stderr).toBe('status 0\n');
  });

  it('--distance delivers only fixes that far from the last one', async () => {
    // Consecutive fixes of this track are about 130 m apart.
    const child = start(['--simulate', trackFile(), '--watch', '--json', '--distance', '200']);
    const done = collect(child);
    await linesArrive(child, 2);
    child.kill('SIGINT');
    const fixes = parseLines((await done).stdout);
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < fixes.length; i += 1) {
      expect(metresBetween(fixes[i - 1] as Fix, fixes[i] as Fix)).toBeGreaterThanOrEqual(200);
    }
  });

  it('--geojson streams one Feature per line, and --format one filled template per fix', async () => {
    for (const [args, check] of [
      [['--geojson'], (line: string) => expect(JSON.parse(line)).toMatchObject({ type: 'Feature', geometry: { type: 'Point' } })],
      [['--format', '{lat};{lon}'], (line: string) => expect(line).toMatch(/^52\.52\d*;13\.40\d+$/)],
    ] as const) {
      const child = start(['--simulate', trackFile(), '--watch', ...args]);
      const done = collect(child);
      await linesArrive(child, 2);
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) check(line);
    }
  });
});
