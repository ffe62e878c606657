import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { defaultRegistry } from '../../src/default-locator.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

afterEach(() => {
  delete process.env['WHEREAMI_SIMULATE'];
  delete process.env['WHEREAMI_BACKEND'];
  api.clearLocationCache();
  defaultRegistry.closeAll();
});

describe('public API', () => {
  it('answers from WHEREAMI_SIMULATE', async () => {
    process.env['WHEREAMI_SIMULATE'] = '52.52,13.405';
    const fix = await api.getLocation();
    expect(fix).toMatchObject({ latitude: 52.52, longitude: 13.405, accuracy: 5, provider: 'simulated' });
    expect(api.getBackendInfo()).toMatchObject({ name: 'simulated', reason: 'WHEREAMI_SIMULATE is set' });
    await expect(api.getAuthorizationStatus()).resolves.toBe('authorized');
    await expect(api.locationServicesEnabled()).resolves.toBe(true);
    await expect(api.getAccuracyAuthorization()).resolves.toBe('full');
    await expect(api.requestAuthorization()).resolves.toBe('authorized');
  });

  it('says UNSUPPORTED_PLATFORM, listing what it tried, when nothing can serve', async () => {
    process.env['WHEREAMI_BACKEND'] = 'auto';
    // On Linux the GeoClue addon may be built: name one that is not.
    process.env['WHEREAMI_ADDON_PATH'] = `${root}build/missing/whereami.node`;
    const error = (await api.getLocation().catch((e: unknown) => e)) as api.LocationError;
    delete process.env['WHEREAMI_ADDON_PATH'];
    if (process.platform === 'darwin') return; // a Mac has a provider
    expect(error).toBeInstanceOf(api.LocationError);
    expect(error.code).toBe('UNSUPPORTED_PLATFORM');
    expect(error.message).toMatch(/WHEREAMI_SIMULATE is not set/);
    expect(error.message).toMatch(/addon/);
    expect(error.hint).toMatch(/WHEREAMI_SIMULATE=/);
  });

  it('rejects a bad WHEREAMI_BACKEND by name', async () => {
    process.env['WHEREAMI_BACKEND'] = 'gps';
    await expect(api.getLocation()).rejects.toThrow(/WHEREAMI_BACKEND.*"gps"/);
  });

  it('reports INVALID_SIMULATION for a bad WHEREAMI_SIMULATE', async () => {
    process.env['WHEREAMI_SIMULATE'] = '200,0';
    await expect(api.getLocation()).rejects.toMatchObject({ code: 'INVALID_SIMULATION' });
  });

  it('watches through the async iterator and stops on break', async () => {
    process.env['WHEREAMI_SIMULATE'] = '1,2';
    for await (const fix of api.watchLocation()) {
      expect(fix).toMatchObject({ latitude: 1, longitude: 2 });
      break;
    }
  });

  it('validates arguments of every function before any backend is asked', async () => {
    expect(() => api.watchLocation({ distanceFilter: -1 })).toThrow(RangeError);
    expect(() => api.subscribeLocation(null as never)).toThrow(TypeError);
    await expect(api.reverseGeocode({ latitude: 100, longitude: 0 })).rejects.toThrow(RangeError);
    await expect(api.reverseGeocode(null as never)).rejects.toThrow(TypeError);
    await expect(api.forwardGeocode('  ')).rejects.toThrow(TypeError);
    await expect(api.getAuthorizationStatus({ backend: 'gps' as never })).rejects.toThrow(/options\.backend/);
    expect(() => api.getBackendInfo({ backend: 7 as never })).toThrow(TypeError);
    // The same options check as every other function: not an object is a TypeError, not a silent 'auto'.
    expect(() => api.getBackendInfo(null as never)).toThrow(/options must be an object/);
    expect(() => api.getBackendInfo('helper' as never)).toThrow(/options must be an object/);
  });

  it('says NOT_SUPPORTED for geocoding with the simulator', async () => {
    process.env['WHEREAMI_SIMULATE'] = '1,2';
    await expect(api.reverseGeocode({ latitude: 1, longitude: 2 })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});

describe('the built package', () => {
  const run = (code: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env: { PATH: process.env['PATH'], ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('imports by its own name and prints a simulated fix (the README example)', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import {getLocation} from 'node-whereami'; console.log(JSON.stringify(await getLocation()))"],
      { cwd: root, env: { PATH: process.env['PATH'], WHEREAMI_SIMULATE: '52.52,13.405' }, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toMatchObject({ latitude: 52.52, longitude: 13.405 });
  });

  it('never throws at import, and a failing call exits the process promptly', () => {
    const started = Date.now();
    const result = run(
      "const m = await import('node-whereami'); try { await m.getLocation(); console.log('fix') } catch (e) { console.log(e.code) }",
      { WHEREAMI_ADDON_PATH: `${root}build/missing/whereami.node` },
    );
    expect(result.status).toBe(0);
    if (process.platform !== 'darwin') expect(result.stdout.trim()).toBe('UNSUPPORTED_PLATFORM');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
