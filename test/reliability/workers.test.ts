/**
 * 200 worker threads each load the package, put requests and a watch in
 * flight, and are terminated mid-request. Nothing may crash the process, and
 * a worker left to finish still gets its answers. The point is the native
 * addon's per-environment state and cleanup hooks: the test uses the addon
 * built against the CoreLocation double when it is there, and says so in its
 * name; without it the workers use the scripted backend (test kit), which
 * checks the JavaScript side alone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/worker-requests.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/index.js', import.meta.url));
const WORKERS = 200;
const AT_ONCE = 8;

// The double build is found the way the native benches find it.
const doubleAddon = ['build-double/Release', 'build-double/Debug']
  .map((dir) => `${root}${dir}/whereami.node`)
  .find((path) => existsSync(path));
const against = doubleAddon ? `the addon over the CoreLocation double (${doubleAddon})` : 'the scripted backend (no double build here)';

function start(finish: boolean): { worker: Worker; inFlight: Promise<void>; exited: Promise<number>; answered: Promise<number> } {
  const worker = new Worker(script, {
    workerData: doubleAddon ? { backend: 'addon', finish } : { scripted: true, finish },
    env: doubleAddon ? { ...process.env, WHEREAMI_ADDON_PATH: doubleAddon } : { ...process.env, WHEREAMI_SIMULATE: '' },
  });
  let answered!: (n: number) => void;
  const done = new Promise<number>((resolve) => (answered = resolve));
  const inFlight = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message === 'in flight') resolve();
      else answered((message as { answered: number }).answered);
    });
    worker.on('error', reject);
  });
  const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
  return { worker, inFlight, exited, answered: done };
}

describe.skipIf(!built)(`${WORKERS} workers terminated mid-request, against ${against}${built ? '' : ': skipped, dist/ is not built'}`, () => {
  it('none crashes the process, every worker exits, and one left alone finishes', async () => {
    let next = 0;
    let terminated = 0;
    const lane = async (): Promise<void> => {
      while (next < WORKERS) {
        const index = next++;
        const { worker, inFlight, exited } = start(false);
        await inFlight;
        // Terminated at once, or a little later with more in flight.
        if (index % 3 !== 0) await new Promise((resolve) => setTimeout(resolve, index % 7));
        await worker.terminate();
        expect(await exited).toBe(1);
        terminated += 1;
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, lane));
    expect(terminated).toBe(WORKERS);

    const survivor = start(true);
    expect(await survivor.answered).toBe(10);
    expect(await survivor.exited).toBe(0);
  }, 120_000);
});
