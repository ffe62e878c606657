/**
 * The addon's life in a process: worker threads that load it and are
 * terminated mid-request, a process exiting as soon as its last request
 * settled, and the GNUstep worker-first-load trap. Each runs in a child
 * process so a crash or a hang shows up as such.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { doubleAddonPath, doubleAvailable } from './support/double.js';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  exitedAt: number;
}

function runChild(fixture: string, args: string[] = [], timeoutMs = 60_000, nodeFlags: string[] = []): Promise<Run> {
  const script = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
      env: { ...process.env, WHEREAMI_DOUBLE_ADDON: doubleAddonPath() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      const exitedAt = Date.now();
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, exitedAt });
    });
  });
}

function lastJson(text: string): Record<string, unknown> {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return line ? (JSON.parse(line) as Record<string, unknown>) : {};
}

describe.skipIf(!doubleAvailable())('CoreLocation bridge: process and worker lifecycle (double)', () => {
  it('survives 50 worker threads that load the addon and are terminated mid-request', async () => {
    const run = await runChild('workers.mjs', ['50']);
    expect(run.signal, run.stderr).toBeNull();
    expect(run.code, run.stderr).toBe(0);
    const result = lastJson(run.stdout);
    expect(result['errors']).toEqual([]);
    expect(result['codes']).toHaveLength(50);
    expect(typeof (result['fix'] as { latitude?: unknown }).latitude).toBe('number');
    // Every worker's provider was shut down with its environment.
    expect(result['liveManagers']).toBe(0);
    console.log(`50 workers loaded, mid-request, terminated in ${String(result['terminatedMs'])} ms`);
  });

  it('loads and answers where code from strings is refused (an Electron page whose CSP lacks unsafe-eval)', async () => {
    const run = await runChild('no-string-code.mjs', [], 15_000, ['--disallow-code-generation-from-strings']);
    expect(run.code, run.stderr).toBe(0);
    const result = lastJson(run.stdout);
    // The control: the setting is on in that process.
    expect(result['evalRefused']).toBe(true);
    expect(result['error']).toBeNull();
    expect(result['fix']).toMatchObject({ latitude: 52.52, longitude: 13.405, accuracy: 12 });
  });

  for (const mode of ['fix', 'cancel', 'watch'] as const) {
    it(`exits at once after its last request settled (${mode})`, async () => {
      const run = await runChild('settle-exit.mjs', [mode], 15_000);
      expect(run.code, run.stderr).toBe(0);
      const result = lastJson(run.stdout);
      expect(result['ok']).toBe(true);
      const lingerMs = run.exitedAt - (result['settledAt'] as number);
      console.log(`${mode}: exited ${lingerMs} ms after the last request settled`);
      expect(lingerMs).toBeLessThan(2000);
    });
  }

  it('refuses a first load inside a worker with a clear error instead of a silent exit(0)', async () => {
    const run = await runChild('worker-first.mjs', [], 15_000);
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(lastJson(run.stdout)['error']).toMatch(/load the addon on the main thread/);
  });
});
