/**
 * A process exits as soon as its last request settles, whatever the backend:
 * no timer, watch, pipe or child process may hold it. Each case runs the
 * built package (dist/) in a fresh Node process, settles everything it
 * started, then lists what still keeps its event loop alive: nothing may
 * (after at most a second, for a helper acknowledging a cancel).
 * A leaked request timer would hold the process 30 s and a leaked watch for
 * ever, so the bound on the wall time below is generous and cannot flake.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectPromptExit, runChild } from './child.js';
import { NO_DOUBLE, doubleAddon, doubleHelper } from './native-double.js';

const fakeHelper = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));
const deafHelper = fileURLToPath(new URL('./fixtures/deaf-helper.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/index.js', import.meta.url));

const cases: [string, string, Record<string, string>][] = [
  [
    'simulated backend: requests, watches, permissions, geocoding, aborts',
    `
    const api = await import('node-whereami');
    await api.getLocation();
    await api.getLocation({ maximumAge: 60000 });
    for await (const fix of api.watchLocation()) break;
    const watch = api.watchLocation({ timeout: 50 }); await watch.next(); watch.stop();
    await new Promise((resolve) => { const s = api.subscribeLocation({ location: () => { setImmediate(() => { s.stop(); resolve(); }); }, error: resolve }); });
    await api.getAuthorizationStatus(); await api.requestAuthorization();
    await api.locationServicesEnabled(); await api.getAccuracyAuthorization();
    await api.reverseGeocode({ latitude: 1, longitude: 2 }).catch(() => {});
    await api.forwardGeocode('Berlin').catch(() => {});
    const controller = new AbortController();
    const aborted = api.getLocation({ signal: controller.signal, maximumAge: 0 }).catch(() => {});
    controller.abort(); await aborted;
    `,
    { WHEREAMI_SIMULATE: '52.52,13.405' },
  ],
  [
    'scripted backend (test kit): a request that never answers ends by its timeout',
    `
    const api = await import('node-whereami');
    const { installScriptedLocation } = await import('node-whereami/testing');
    const location = installScriptedLocation({ latitude: 1, longitude: 2 });
    location.setNeverAnswer(true);
    const error = await api.getLocation({ timeout: 100 }).catch((e) => e);
    if (error.code !== 'TIMEOUT') throw new Error('expected TIMEOUT, got ' + error.code);
    location.setNeverAnswer(false);
    location.setLatency(20);
    await api.getLocation();
    const watch = api.watchLocation(); await watch.next(); await watch.return();
    `,
    {},
  ],
  [
    'W3C facade: getCurrentPosition, and watchPosition cleared',
    `
    const { geolocation } = await import('node-whereami/geolocation');
    await new Promise((resolve, reject) => geolocation.getCurrentPosition(resolve, reject));
    await new Promise((resolve, reject) => { const id = geolocation.watchPosition(() => { geolocation.clearWatch(id); resolve(); }, reject); });
    `,
    { WHEREAMI_SIMULATE: '52.52,13.405' },
  ],
  [
    'helper backend (Node stand-in helper): the idle helper holds nothing',
    `
    const api = await import('node-whereami');
    if (api.getBackendInfo().name !== 'helper') throw new Error('not the helper backend');
    await api.getLocation();
    await api.getAuthorizationStatus();
    const watch = api.watchLocation(); await watch.next(); await watch.next(); watch.stop();
    `,
    { WHEREAMI_BACKEND: 'helper', WHEREAMI_HELPER_PATH: fakeHelper },
  ],
  [
    'helper backend (Node stand-in helper): a request that never answers, timed out and cancelled',
    `
    const api = await import('node-whereami');
    const error = await api.getLocation({ timeout: 200 }).catch((e) => e);
    if (error.code !== 'TIMEOUT') throw new Error('expected TIMEOUT, got ' + error.code);
    const controller = new AbortController();
    const aborted = api.getLocation({ signal: controller.signal }).catch((e) => e);
    setTimeout(() => controller.abort(), 50);
    if ((await aborted).code !== 'ABORTED') throw new Error('expected ABORTED');
    `,
    { WHEREAMI_BACKEND: 'helper', WHEREAMI_HELPER_PATH: fakeHelper, FAKE_HELPER_MODE: 'slow' },
  ],
];

if (doubleAddon) {
  cases.push([
    'addon over the CoreLocation double: requests, a watch, a request the double never answers',
    `
    const api = await import('node-whereami');
    const { createRequire } = await import('node:module');
    const double = createRequire(import.meta.url)(process.env.WHEREAMI_ADDON_PATH).testDouble;
    if (api.getBackendInfo().name !== 'addon') throw new Error('not the addon backend');
    await api.getLocation({ timeout: 10000 });
    await api.getAuthorizationStatus();
    const watch = api.watchLocation(); await watch.next(); watch.stop();
    double.holdFixes(true);
    const error = await api.getLocation({ timeout: 100 }).catch((e) => e);
    if (error.code !== 'TIMEOUT') throw new Error('expected TIMEOUT, got ' + error.code);
    `,
    { WHEREAMI_BACKEND: 'addon', WHEREAMI_ADDON_PATH: doubleAddon },
  ]);
}
if (doubleHelper) {
  cases.push([
    'helper built against the CoreLocation double: the idle helper holds nothing',
    `
    const api = await import('node-whereami');
    await api.getLocation({ timeout: 10000 });
    const watch = api.watchLocation(); await watch.next(); watch.stop();
    `,
    { WHEREAMI_BACKEND: 'helper', WHEREAMI_HELPER_PATH: doubleHelper },
  ]);
}

describe.skipIf(!built)(`a process exits promptly after its last request settles (built package${built ? '' : ': skipped, dist/ is not built'})`, () => {
  it.each(cases)('%s', (_name, body, env) => {
    expectPromptExit(runChild(body, env));
  });

  // The double's cases above exist only when it is built: when it is not, a
  // skipped entry says so (and fails CI under WHEREAMI_REQUIRE_ALL=1).
  if (doubleAddon === undefined || doubleHelper === undefined) {
    it.skip(`the addon and helper over the CoreLocation double (${NO_DOUBLE})`, () => undefined);
  }

  // Once a bug: SimulatedBackend.watch() set its update interval even when the
  // listener stopped the watch inside the first fix, holding the process.
  it('simulated backend: a listener that stops its watch inside the first fix', () => {
    expectPromptExit(
      runChild(
        `
        const api = await import('node-whereami');
        await new Promise((resolve) => { const s = api.subscribeLocation({ location: () => { s.stop(); resolve(); }, error: resolve }); });
        `,
        { WHEREAMI_SIMULATE: '52.52,13.405' },
        3000,
      ),
    );
  });

  // Once a bug: HelperProvider.cancel() kept the call pending (and the
  // helper's pipes ref'd) until the helper acknowledged the cancel.
  it('helper backend: a helper that never acknowledges a cancel', () => {
    expectPromptExit(
      runChild(
        `
        const api = await import('node-whereami');
        const error = await api.getLocation({ timeout: 100 }).catch((e) => e);
        if (error.code !== 'TIMEOUT') throw new Error('expected TIMEOUT, got ' + error.code);
        `,
        { WHEREAMI_BACKEND: 'helper', WHEREAMI_HELPER_PATH: deafHelper },
        4000,
      ),
    );
  });

  // Once a bug: the handshake timeout failed the request but left the child
  // running and its pipes ref'd, so the parent hung for ever. The default
  // 5 s handshake, not a shortened one.
  it('helper backend: a helper that never says hello fails with BACKEND_FAILURE after 5 s, is killed, and holds nothing', () => {
    const started = Date.now();
    const result = runChild(
      `
      const { HelperProvider, HELPER_HANDSHAKE_MS, NativeBackend } = await import('./dist/internal.js');
      if (HELPER_HANDSHAKE_MS !== 5000) throw new Error('handshake is ' + HELPER_HANDSHAKE_MS);
      const helper = new HelperProvider(process.env.SILENT_HELPER);
      const backend = new NativeBackend(helper, { name: 'helper', provider: 'corelocation' });
      const pending = backend.getLocation({ accuracy: 100, maximumAge: 0, signal: new AbortController().signal });
      const pid = helper.pid;
      const error = await pending.catch((e) => e);
      if (error.code !== 'BACKEND_FAILURE' || !/did not say hello within 5000 ms/.test(error.message)) throw error;
      report.helperPid = pid;
      `,
      { SILENT_HELPER: fakeHelper, FAKE_HELPER_MODE: 'silent' },
      25_000,
    );
    expectPromptExit(result);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
    const pid = (result as unknown as { helperPid: number }).helperPid;
    expect(pid).toBeGreaterThan(0);
    // Killed, not left to run: gone, or at most a zombie waiting for init to reap it.
    const state = (): string | undefined => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      } catch {
        return undefined;
      }
    };
    expect([undefined, 'Z']).toContain(state());
  });

  it('the check sees a handle left behind (control)', () => {
    const result = runChild(`
      const api = await import('node-whereami');
      api.subscribeLocation({ location: () => {}, error: () => {} }, { timeout: 100000 });
      // Well after the child's one-second look, however loaded the machine.
      setTimeout(() => process.exit(0), 5000).unref();
    `, { WHEREAMI_SIMULATE: '52.52,13.405' });
    expect(result.code).toBe(0);
    expect(result.resources).toContain('Timeout');
  });
});
