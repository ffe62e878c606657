/**
 * The WHEREAMI_SIMULATE player on its own, without the test kit's scripting:
 * what it answers, and that loading it loads none of the test kit.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SimulatedBackend } from '../../src/backends/simulated.js';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import type { LocationError } from '../../src/errors.js';
import { failure } from '../support/failure.js';
import { Locator } from '../../src/locator.js';
import { ACCURACY_LEVELS, type Location } from '../../src/types.js';

const signal = (): AbortSignal => new AbortController().signal;

describe('the simulated player', () => {
  it('answers the spec point as an authorized, enabled, full-accuracy service', async () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('52.52,13.405,12') });
    expect(player.info).toEqual({ name: 'simulated', provider: 'simulated', detail: '52.52,13.405,12' });
    const fix = await player.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() });
    expect(fix).toMatchObject({ latitude: 52.52, longitude: 13.405, accuracy: 12, provider: 'simulated' });
    expect(await player.authorizationStatus()).toBe('authorized');
    expect(await player.requestAuthorization()).toBe('authorized');
    expect(await player.locationServicesEnabled()).toBe(true);
    expect(await player.accuracyAuthorization()).toBe('full');
    player.close();
  });

  it('serves ACCURACY_LEVELS.best (0 metres) through the core', async () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('52.52,13.405,12') });
    const fix = await new Locator(() => player).getLocation({ accuracy: ACCURACY_LEVELS.best, timeout: 5_000 });
    expect(fix).toMatchObject({ latitude: 52.52, longitude: 13.405 });
    player.close();
  });

  it('coarsens an approximate request, and has no geocoder', async () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('52.52,13.405,12') });
    const fix = await player.getLocation({ accuracy: 100, maximumAge: 0, signal: signal(), approximate: true });
    expect(fix.approximate).toBe(true);
    expect(fix.accuracy).toBeGreaterThan(1000);
    expect((await failure(player.reverseGeocode({ latitude: 1, longitude: 2 }, signal()))).code).toBe('NOT_SUPPORTED');
    expect((await failure(player.forwardGeocode('Berlin', signal()))).code).toBe('NOT_SUPPORTED');
    player.close();
  });

  it('gives a watch one fix for a point that holds still, then nothing new', async () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('1,2'), updateIntervalMs: 10 });
    const fixes: Location[] = [];
    const errors: LocationError[] = [];
    const handle = player.watch({ accuracy: 100, distanceFilter: 0 }, { location: (fix) => fixes.push(fix), error: (e) => errors.push(e) });
    // Ten update intervals: a player that re-sent a still point would have sent several.
    await new Promise((resolve) => setTimeout(resolve, 100));
    handle.stop();
    expect(errors).toEqual([]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ latitude: 1, longitude: 2 });
    player.close();
  });

  it('once closed, rejects requests, state queries and watches with the closed error', async () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('1,2') });
    player.close();
    expect((await failure(player.getLocation({ accuracy: 100, maximumAge: 0, signal: signal() }))).message).toMatch(/closed/);
    expect((await failure(player.authorizationStatus())).message).toMatch(/closed/);
    expect((await failure(player.reverseGeocode({ latitude: 1, longitude: 2 }, signal()))).message).toMatch(/closed/);
    const watchError = await new Promise<unknown>((resolve) => {
      player.watch({ accuracy: 100, distanceFilter: 0 }, { location: resolve, error: resolve });
    });
    expect((watchError as LocationError).message).toMatch(/closed/);
  });

  it('carries no scripting: no failNext, latency or counts on the player', () => {
    const player = new SimulatedBackend({ track: parseSimulationSpec('1,2') });
    for (const name of ['failNext', 'setLatency', 'setNeverAnswer', 'setPermissionAnswer', 'stats']) expect(name in player, name).toBe(false);
    player.close();
  });

  it('loads none of the test kit: its module graph has neither the scripted backend nor src/testing/', async () => {
    const root = join(import.meta.dirname, '../..');
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/backends/simulated.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('src/backends/simulation/playback.ts');
    expect(inputs.filter((path) => path.startsWith('src/testing/') || path === 'src/backends/scripted.ts')).toEqual([]);
  });
});
