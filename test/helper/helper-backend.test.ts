import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HelperProvider } from '../../src/backends/helper-provider.js';
import { NativeBackend } from '../../src/backends/native-backend.js';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import { describeBackendContract } from '../contract/backend-contract.js';

const fakeHelper = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

const opened: NativeBackend[] = [];
function helperBackend(mode = 'normal', path = fakeHelper): { backend: NativeBackend; helper: HelperProvider } {
  process.env['FAKE_HELPER_MODE'] = mode;
  const helper = new HelperProvider(path);
  const backend = new NativeBackend(helper, { name: 'helper', provider: 'corelocation', detail: path });
  opened.push(backend);
  return { backend, helper };
}

afterEach(() => {
  for (const backend of opened.splice(0)) backend.close();
  delete process.env['FAKE_HELPER_MODE'];
});

describeBackendContract('helper transport over a scripted stand-in helper (no scripting hooks)', () => {
  const { backend } = helperBackend();
  return Promise.resolve({
    backend,
    expected: { latitude: 59.3293, longitude: 18.0686, accuracy: 20 },
    close: () => backend.close(),
  });
});

describe('helper process faults', () => {
  it('turns a helper killed mid-request into a LocationError within the timeout, then recovers on a fresh helper', async () => {
    const { backend, helper } = helperBackend('slow');
    const locator = new Locator(() => backend);
    const pending = locator.getLocation({ timeout: 5000 });
    while (helper.pid === undefined) await new Promise((r) => setTimeout(r, 5));
    const firstPid = helper.pid;
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    helper.kill('SIGKILL');
    const error = (await pending.catch((e: unknown) => e)) as LocationError;
    expect(error).toBeInstanceOf(LocationError);
    expect(error.code).toBe('BACKEND_FAILURE');
    expect(error.message).toMatch(/killed by SIGKILL/);
    expect(Date.now() - started).toBeLessThan(5000);
    process.env['FAKE_HELPER_MODE'] = 'normal';
    await expect(locator.getLocation()).resolves.toMatchObject({ latitude: 59.3293 });
    expect(helper.spawnCount).toBe(2);
    expect(helper.pid).not.toBe(firstPid);
  });

  it('reports garbage on stdout clearly', async () => {
    const { backend } = helperBackend('garbage');
    const error = (await new Locator(() => backend).getLocation().catch((e: unknown) => e)) as LocationError;
    expect(error.code).toBe('BACKEND_FAILURE');
    expect(error.message).toMatch(/not protocol: "this is not json"/);
  });

  it('refuses a helper that speaks another protocol version', async () => {
    const { backend } = helperBackend('version');
    await expect(new Locator(() => backend).getLocation()).rejects.toThrow(/protocol version 99, this package speaks 1/);
  });

  it('reports a missing binary', async () => {
    const { backend } = helperBackend('normal', '/nonexistent/whereami-helper');
    await expect(new Locator(() => backend).getLocation()).rejects.toThrow(/not found at \/nonexistent\/whereami-helper/);
  });

  it('reports a helper that crashes, with its last words', async () => {
    const { backend } = helperBackend('crash');
    await expect(new Locator(() => backend).getLocation()).rejects.toThrow(/exited with code 3.*crashing on purpose/);
  });

  it('a helper that never says hello fails the request by the core timeout, never a hang', async () => {
    const { backend } = helperBackend('silent');
    await expect(new Locator(() => backend).getLocation({ timeout: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('cancels a request in the helper when its caller gives up', async () => {
    const { backend } = helperBackend('slow');
    const controller = new AbortController();
    const pending = new Locator(() => backend).getLocation({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('lets the parent exit at once once its requests settled, with the helper idle (built package)', () => {
    const script = `
      import { HelperProvider, NativeBackend, Locator } from './dist/internal.js';
      const backend = new NativeBackend(new HelperProvider(${JSON.stringify(fakeHelper)}), { name: 'helper', provider: 'corelocation' });
      await new Locator(() => backend).getLocation();
      const settledAt = Date.now();
      process.on('exit', () => console.log(Date.now() - settledAt));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // The helper is still running, idle: only unref'd handles remain.
    expect(Number(result.stdout.trim())).toBeLessThan(500);
  });
});
