import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { HelperProvider } from '../../src/backends/helper-provider.js';
import { NativeBackend } from '../../src/backends/native-backend.js';
import type { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import { describeBackendContract } from '../contract/backend-contract.js';
import { countingProvider } from '../support/counting-provider.js';

const fakeHelper = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));

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
  delete process.env['FAKE_HELPER_PROVIDER'];
  delete process.env['FAKE_HELPER_BUNDLE'];
});

describe("the helper's hello", () => {
  it('names the provider the backend reports, once the helper has said it', async () => {
    process.env['FAKE_HELPER_PROVIDER'] = 'geoclue';
    const { backend, helper } = helperBackend();
    expect(helper.provider).toBeUndefined();
    expect(backend.info.provider).toBe('corelocation');
    const fix = await new Locator(() => backend).getLocation({ timeout: 20_000 });
    expect(helper.provider).toBe('geoclue');
    expect(backend.info).toMatchObject({ name: 'helper', provider: 'geoclue', detail: fakeHelper });
    expect(fix.provider).toBe('geoclue');
  });

  it('gives the bundle the backend reports: who the OS sees asking, as the helper said it', async () => {
    process.env['FAKE_HELPER_BUNDLE'] = JSON.stringify({ identifier: 'dev.example.whereami-helper', hasLocationUsageDescription: false });
    const { backend, helper } = helperBackend();
    expect(backend.info.bundle).toBeUndefined();
    await backend.authorizationStatus();
    expect(helper.bundle).toEqual({ identifier: 'dev.example.whereami-helper', hasLocationUsageDescription: false });
    expect(backend.info).toMatchObject({ name: 'helper', bundle: { identifier: 'dev.example.whereami-helper', hasLocationUsageDescription: false } });
    // Handed out as it is, so nobody can change what the next caller reads.
    expect(Object.isFrozen(backend.info.bundle)).toBe(true);
  });

  it('takes a bundle without an identifier (a process with none)', async () => {
    process.env['FAKE_HELPER_BUNDLE'] = JSON.stringify({ hasLocationUsageDescription: true });
    const { backend } = helperBackend();
    await new Locator(() => backend).getLocation({ timeout: 20_000 });
    expect(backend.info.bundle).toEqual({ hasLocationUsageDescription: true });
  });

  for (const [what, hello] of [
    ['a bundle whose usage description is not a boolean', { bundle: '{"hasLocationUsageDescription":"yes"}' }],
    ['a bundle whose identifier is not a string', { bundle: '{"identifier":7,"hasLocationUsageDescription":true}' }],
    ['a provider it does not know', { provider: 'gpsd' }],
  ] as const) {
    it(`refuses a hello with ${what}, naming it as not protocol`, async () => {
      if ('bundle' in hello) process.env['FAKE_HELPER_BUNDLE'] = hello.bundle;
      if ('provider' in hello) process.env['FAKE_HELPER_PROVIDER'] = hello.provider;
      const { backend } = helperBackend();
      const error = (await new Locator(() => backend).getLocation({ timeout: 20_000 }).catch((e: unknown) => e)) as LocationError;
      expect(error.code).toBe('BACKEND_FAILURE');
      expect(error.message).toMatch(/not protocol: "\{\\"type\\":\\"hello\\"/);
      expect(backend.info.bundle).toBeUndefined();
    });
  }
});

describeBackendContract('helper transport over the scripted stand-in helper', () => {
  const helper = new HelperProvider(fakeHelper);
  const counted = countingProvider(helper);
  const backend = new NativeBackend(counted.provider, { name: 'helper', provider: 'corelocation', detail: fakeHelper });
  opened.push(backend);
  // The stand-in's test-only method, sent in order with the requests.
  const script = async (op: string, params: Record<string, unknown> = {}): Promise<void> => {
    await helper.rawCall('testDouble', { op, ...params });
  };
  return Promise.resolve({
    backend,
    expected: { latitude: 59.3293, longitude: 18.0686, accuracy: 20 },
    script: {
      failNext: (code) => script('failNext', { code }),
      recover: () => undefined,
      neverAnswer: (on) => script('neverAnswer', { on }),
      moveTo: (latitude, longitude) => script('moveTo', { latitude, longitude }),
      providerRequests: counted.requests,
    },
    close: () => backend.close(),
  });
});

describe('helper process faults', () => {
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

  it('after close(), requests and watches fail at once and no helper starts again', async () => {
    const { backend, helper } = helperBackend();
    await expect(backend.getLocation({ accuracy: 100, maximumAge: 0, signal: new AbortController().signal })).resolves.toMatchObject({
      latitude: 59.3293,
    });
    expect(helper.spawnCount).toBe(1);
    backend.close();
    // Straight to the provider, past the adapter's own guard: it must hold too.
    const watchError = await new Promise<{ code: string; message: string }>((resolve) => {
      helper.startWatch(100, 0, () => resolve({ code: 'FIX', message: 'a fix after close' }), resolve);
    });
    expect(watchError).toMatchObject({ code: 'ABORTED', message: expect.stringMatching(/closed/) as unknown });
    const callError = await new Promise<unknown>((resolve) => helper.authorizationStatus((error) => resolve(error)));
    expect(callError).toMatchObject({ code: 'ABORTED', message: expect.stringMatching(/closed/) as unknown });
    await new Promise((r) => setTimeout(r, 100));
    expect(helper.spawnCount).toBe(1);
    expect(helper.pid).toBeUndefined();
  });

  it('cancels a request in the helper when its caller gives up', async () => {
    const { backend } = helperBackend('slow');
    const controller = new AbortController();
    const pending = new Locator(() => backend).getLocation({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

});
