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

  // Known bug, so marked as failing: terminating a worker while the addon
  // still delivers to it aborts the whole process ("FATAL ERROR:
  // Error::Error napi_define_properties" from Bridge::CallJs): the JS task
  // builds values in an environment that can no longer run JS, and
  // node-addon-api's Napi::Error::New aborts when even the error cannot be
  // made. native/addon must not build values (or errors) once the env is
  // terminating: check the status of each N-API call in CallJs's tasks and
  // drop the result quietly, as for napi_closing. Then make this an it().
  it.skipIf(!doubleAddon).fails(
    `against the addon over the CoreLocation double${doubleAddon ? '' : ` (${NO_DOUBLE})`}: no crash (known bug, see comment)`,
    () => {
      runStorm(doubleAddon);
    },
    120_000,
  );
});
