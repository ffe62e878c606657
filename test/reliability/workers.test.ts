/**
 * 200 worker threads each load the package, put requests and a watch in
 * flight, and are terminated mid-request. Nothing may crash the process, and
 * a worker left to finish still gets its answers. The point is the native
 * addon's per-environment state and cleanup hooks, so the storm runs against
 * the addon built against the CoreLocation double when it is there; and
 * always against the scripted backend (test kit), for the JavaScript side.
 * Each storm runs in a process of its own (fixtures/worker-storm.mjs), so a
 * native crash shows as that process's exit, not the test runner's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_DOUBLE, doubleAddon } from './native-double.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const storm = fileURLToPath(new URL('./fixtures/worker-storm.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/index.js', import.meta.url));
const WORKERS = 200;

function runStorm(addon: string | undefined): void {
  const result = spawnSync(process.execPath, [storm], {
    cwd: root,
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, WORKERS: String(WORKERS), WHEREAMI_DOUBLE_ADDON: addon ?? '' },
  });
  const crash = result.stderr.split('\n').slice(0, 12).join('\n');
  expect({ status: result.status, signal: result.signal, crash: result.status === 0 ? '' : crash }).toEqual({
    status: 0,
    signal: null,
    crash: '',
  });
  const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    exitCodes: Record<string, number>;
    answered: number;
    survivorExit: number;
  };
  // terminate() ends a worker with exit code 1.
  expect(summary).toEqual({ exitCodes: { 1: WORKERS }, answered: 10, survivorExit: 0 });
}

describe.skipIf(!built)(`${WORKERS} workers terminated mid-request${built ? '' : ': skipped, dist/ is not built'}`, () => {
  it('against the scripted backend (test kit): no crash, every worker exits, one left alone finishes', () => {
    runStorm(undefined);
  }, 120_000);

  // Once a bug: terminating a worker while the addon still delivered to it
  // aborted the whole process inside node-addon-api (Bridge::CallJs now
  // checks the env can run JS, and NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS
  // keeps a failure met mid-termination from becoming fatal).
  it.skipIf(!doubleAddon)(
    `against the addon over the CoreLocation double${doubleAddon ? '' : ` (${NO_DOUBLE})`}: no crash`,
    () => {
      runStorm(doubleAddon);
    },
    120_000,
  );
});
