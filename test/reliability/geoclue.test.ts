/**
 * The GeoClue backend in the reliability suite: a process using it exits as
 * soon as its last request settles. It runs against the private GeoClue world of the e2e
 * suite (test/e2e/harness: its own system bus, a real daemon, a fake GPS),
 * and is skipped, saying why, where that world cannot run. (The e2e suite
 * covers the GeoClue faults in depth: test/e2e/faults.test.ts.)
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadAddon } from '../../src/backends/addon-loader.js';
import { GeoClueStack, whyStackCannotRun } from '../e2e/harness/geoclue-stack.js';
import { expectPromptExit, runChildAsync } from './child.js';

function whyNot(): string | undefined {
  if (!existsSync(new URL('../../dist/index.js', import.meta.url))) return 'dist/ is not built';
  const load = loadAddon({ ...process.env, WHEREAMI_ADDON_PATH: '' });
  if (!load.ok) return `no GeoClue addon (${load.failures.join('; ')})`;
  if (load.binding.provider !== 'geoclue') return `${load.path} wraps ${load.binding.provider}`;
  return whyStackCannotRun();
}

const skip = whyNot();

describe.skipIf(skip !== undefined)(`the GeoClue backend${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    stack = await GeoClueStack.start();
    env = { DBUS_SYSTEM_BUS_ADDRESS: stack.busAddress, WHEREAMI_BACKEND: 'addon', WHEREAMI_ADDON_PATH: '' };
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('a process exits promptly after its requests, a watch and an aborted request settle', async () => {
    expectPromptExit(
      await runChildAsync(
        `
        const api = await import('node-whereami');
        if (api.getBackendInfo().provider !== 'geoclue') throw new Error('not GeoClue: ' + JSON.stringify(api.getBackendInfo()));
        await api.getLocation({ timeout: 20000 });
        await api.getLocation({ timeout: 20000, accuracy: 'best' });
        const watch = api.watchLocation({ timeout: 20000 }); await watch.next(); watch.stop();
        await api.getAuthorizationStatus();
        const controller = new AbortController();
        const aborted = api.getLocation({ signal: controller.signal, timeout: 20000 }).catch((e) => e);
        controller.abort();
        if ((await aborted).code !== 'ABORTED') throw new Error('expected ABORTED');
        `,
        env,
        40_000,
      ),
    );
  }, 45_000);
});
