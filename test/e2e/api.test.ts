/**
 * The whole stack against a real GeoClue daemon: the public API and the
 * `whereami` command, through the addon's GeoClue provider, over a private
 * system bus, to a fake GPS and back; and the backend contract suite.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearLocationCache, getBackendInfo, getLocation, watchLocation } from '../../src/index.js';
import type { Location } from '../../src/types.js';
import { describeBackendContract } from '../contract/backend-contract.js';
import { packageRoot } from '../../src/package-root.js';
import { NativeBackend } from '../../src/backends/native-backend.js';
import { countingProvider } from '../support/counting-provider.js';
import { geoclueAddon } from './harness/addon.js';
import { runCli } from './harness/cli.js';
import { accuracyForHdop } from './harness/fake-gps.js';
import { DENIED_APP, GeoClueStack, HOME_POSITION, whyStackCannotRun } from './harness/geoclue-stack.js';

const PACKAGE_ROOT = packageRoot();

const skip = whyStackCannotRun();

const ACCURACY = accuracyForHdop(HOME_POSITION.hdop);

function expectFromFakeGps(fix: { latitude: number; longitude: number; accuracy: number }, at = HOME_POSITION): void {
  // Only the fake GPS can give these: an IP or Wi-Fi fix could not come within 1e-6 degree.
  expect(Math.abs(fix.latitude - at.latitude)).toBeLessThan(1e-6);
  expect(Math.abs(fix.longitude - at.longitude)).toBeLessThan(1e-6);
  expect(fix.accuracy).toBe(ACCURACY);
}

describe.skipIf(skip !== undefined)(`GeoClue end to end${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;

  beforeAll(async () => {
    geoclueAddon();
    stack = await GeoClueStack.start();
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
    delete process.env['WHEREAMI_SIMULATE'];
    delete process.env['WHEREAMI_BACKEND'];
    console.log(`[e2e] bus + GeoClue daemon up in ${stack.startupMs} ms`);
  });

  afterAll(async () => {
    await stack.stop();
    expect(stack.survivors()).toEqual([]);
  });

  it('getLocation() answers with the fake GPS fix through the GeoClue addon', async () => {
    clearLocationCache();
    const began = Date.now();
    const fix = await getLocation({ timeout: 10_000 });
    console.log(`[e2e] first fix through getLocation() in ${Date.now() - began} ms`);
    expectFromFakeGps(fix);
    expect(fix.provider).toBe('geoclue');
    expect(fix.altitude).toBe(HOME_POSITION.altitude);
    expect(Math.abs(Date.now() - fix.timestamp)).toBeLessThan(5000);
    expect(getBackendInfo()).toMatchObject({ name: 'addon', provider: 'geoclue' });
  });

  it('watchLocation() delivers fixes, then the new position when the GPS moves', async () => {
    const moved = { ...HOME_POSITION, latitude: 48.8606, longitude: 2.3376 };
    const watch = watchLocation({ timeout: 10_000 });
    const seen: Location[] = [];
    try {
      for await (const fix of watch) {
        seen.push(fix);
        if (seen.length === 2) stack.gps.moveTo(moved.latitude, moved.longitude);
        if (Math.abs(fix.latitude - moved.latitude) < 1e-6) break;
        if (seen.length > 50) throw new Error('the moved position never arrived');
      }
    } finally {
      stack.gps.moveTo(HOME_POSITION.latitude, HOME_POSITION.longitude);
    }
    expectFromFakeGps(seen[0]!);
    expectFromFakeGps(seen.at(-1)!, moved);
  });

  it('the whereami command prints the fake GPS fix as JSON', async () => {
    const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: stack.busAddress };
    for (const args of [['--json'], ['--json', '--backend', 'addon']]) {
      const run = await runCli([...args, '--timeout', '10s'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const fix = JSON.parse(run.stdout) as Location;
      expectFromFakeGps(fix);
      expect(fix.provider).toBe('geoclue');
    }
  });

  it('whereami --watch prints fixes as they come and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/whereami.cjs'), '--watch', '--json'], {
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: stack.busAddress },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`two fixes did not arrive: ${out}`)), 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.split('\n').filter(Boolean).length >= 2) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    process.kill(child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    for (const line of out.split('\n').filter(Boolean)) expectFromFakeGps(JSON.parse(line) as Location);
  });

  // GeoClue hides a client's properties from other processes, so the level
  // asked for shows in what comes back: this stack's only source is the NMEA
  // GPS, which GeoClue runs only above city level (notes/geoclue.md), so a
  // city-level client gets no fix while a precise one gets the GPS fix at once.
  it('an approximate request asks GeoClue for city level: the GPS-only stack gives it no fix, a precise request gets one', async () => {
    clearLocationCache();
    await expect(getLocation({ approximate: true, timeout: 2_000 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const precise = await getLocation({ timeout: 10_000 });
    expectFromFakeGps(precise);
    // The precise fix, cached, answers a later approximate request only coarsened.
    const coarse = await getLocation({ approximate: true, maximumAge: 60_000, timeout: 2_000 });
    expect(coarse.approximate).toBe(true);
    expect(coarse).not.toHaveProperty('altitude');
    expect(Math.abs(coarse.latitude - HOME_POSITION.latitude)).toBeGreaterThan(1e-6);
  });

  it('whereami status reports the GeoClue service', async () => {
    const run = await runCli(['status', '--json'], { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: stack.busAddress });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    // Every query answered (a failed one would be null and listed under errors). A
    // fresh process has started no client yet, so GeoClue's agent has not been asked.
    expect(report['errors']).toBeUndefined();
    expect(report).toMatchObject({
      authorization: 'notDetermined',
      servicesEnabled: true,
      accuracyAuthorization: 'full',
      backend: { name: 'addon', provider: 'geoclue' },
    });
  });

  it('works inside worker_threads, and a worker with a watch running terminates promptly', async () => {
    const { path } = geoclueAddon();
    const ask = `const { parentPort } = require('node:worker_threads');
      const provider = require(${JSON.stringify(path)}).createProvider();
      provider.requestLocation(100, 0, (error, fix) => {
        parentPort.postMessage(error ? error.code : fix.latitude);
        provider.close();
      }, () => {});`;
    for (let i = 0; i < 3; i += 1) {
      const worker = new Worker(ask, { eval: true });
      // Listening before the answer: the worker may exit right after it.
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      const answer = await new Promise((resolve) => worker.once('message', resolve));
      expect(Math.abs((answer as number) - HOME_POSITION.latitude)).toBeLessThan(1e-6);
      expect(await exited).toBe(0);
    }
    const watching = new Worker(
      `const { parentPort } = require('node:worker_threads');
      const provider = require(${JSON.stringify(path)}).createProvider();
      provider.startWatch(100, 0, () => parentPort.postMessage('fix'), () => {});`,
      { eval: true },
    );
    await new Promise((resolve) => watching.once('message', resolve));
    const began = Date.now();
    await watching.terminate();
    expect(Date.now() - began).toBeLessThan(1000);
  });

  /** A backend over a new GeoClue client, with the location requests that reach it counted. */
  function countedBackend(): { backend: NativeBackend; requests: () => number } {
    const { binding, path } = geoclueAddon();
    const counted = countingProvider(binding.createProvider());
    return { backend: new NativeBackend(counted.provider, { name: 'addon', provider: 'geoclue', detail: path }), requests: counted.requests };
  }

  /** A client created with this desktop id (the provider reads it when it is made). */
  function backendAs(desktopId: string): NativeBackend {
    const before = process.env['WHEREAMI_DESKTOP_ID'];
    process.env['WHEREAMI_DESKTOP_ID'] = desktopId;
    try {
      return countedBackend().backend;
    } finally {
      if (before === undefined) delete process.env['WHEREAMI_DESKTOP_ID'];
      else process.env['WHEREAMI_DESKTOP_ID'] = before;
    }
  }

  describeBackendContract('GeoClue addon against a real daemon', () => {
    const { backend, requests } = countedBackend();
    // What recover() must undo after a scripted failure.
    let undo: (() => Promise<void>) | undefined;
    return Promise.resolve({
      backend,
      expected: { latitude: HOME_POSITION.latitude, longitude: HOME_POSITION.longitude, accuracy: ACCURACY },
      script: {
        failNext: async (code) => {
          switch (code) {
            case 'PERMISSION_DENIED':
              // GeoClue's configuration refuses this desktop id (harness/geoclue-stack.ts).
              return backendAs(DENIED_APP);
            case 'SERVICES_DISABLED':
              // The agent's MaxAccuracyLevel 0 is GeoClue's "location services off".
              await stack.stopAgent();
              await stack.startAgent({ maxLevel: 0 });
              undo = async () => {
                await stack.stopAgent();
                await stack.startAgent();
              };
              return countedBackend().backend;
            case 'POSITION_UNAVAILABLE': {
              // The daemon dies while the request waits for a fix.
              const dying = countedBackend().backend;
              const ask = dying.getLocation.bind(dying);
              dying.getLocation = async (request) => {
                stack.gps.pause();
                const pending = ask(request);
                // It may reject while killDaemon() still waits for the process to go:
                // handled now, so that is no unhandled rejection; the caller still gets it.
                void pending.catch(() => undefined);
                await new Promise((r) => setTimeout(r, 500));
                await stack.killDaemon();
                return pending;
              };
              undo = async () => {
                await stack.startDaemon();
                stack.gps.resume();
              };
              return dying;
            }
          }
        },
        recover: async () => {
          const step = undo;
          undo = undefined;
          await step?.();
        },
        // GeoClue hears nothing from a paused GPS, so a request waits.
        neverAnswer: (on) => (on ? stack.gps.pause() : stack.gps.resume()),
        moveTo: (latitude, longitude) => stack.gps.moveTo(latitude, longitude),
        providerRequests: requests,
      },
      close: () => backend.close(),
    });
  });
});
