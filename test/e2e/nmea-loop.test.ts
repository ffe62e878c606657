/**
 * The loop closes: `whereami --nmea --watch --simulate <track>` feeds
 * GeoClue's nmea-socket source in place of the fake GPS, and getLocation()
 * through the GeoClue backend reads back a position whereami wrote.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { clearLocationCache, getLocation } from '../../src/index.js';
import { parseSentence, sentenceDegrees } from '../serve/nmea-reader.js';
import { geoclueAddon } from './harness/addon.js';
import { GeoClueStack, whyStackCannotRun } from './harness/geoclue-stack.js';

const skip = whyStackCannotRun();

describe.skipIf(skip !== undefined)(`GeoClue reads whereami's NMEA${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;
  let feeder: ChildProcessWithoutNullStreams | undefined;
  /** Every position whereami wrote, from its GGA sentences. */
  const written: [number, number][] = [];

  beforeAll(async () => {
    geoclueAddon();
    stack = await GeoClueStack.start();
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
    delete process.env['WHEREAMI_SIMULATE'];
    delete process.env['WHEREAMI_BACKEND'];
    stack.gps.pause();
    // A walk of 2 minutes, a point a second, far from the fake GPS's Paris.
    const coordinates = Array.from({ length: 120 }, (_, i) => [-0.1246 + i * 2e-5, 51.5007 + i * 1e-5]);
    const track = join(stack.dir, 'walk.geojson');
    writeFileSync(track, JSON.stringify({ type: 'LineString', coordinates }));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['DBUS_SYSTEM_BUS_ADDRESS'];
    feeder = spawn(process.execPath, [join(packageRoot(), 'bin/whereami.cjs'), '--nmea', '--watch', '--simulate', track], { env });
    let partial = '';
    feeder.stdout.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('latin1');
      const cut = text.lastIndexOf('\n') + 1;
      partial = text.slice(cut);
      const whole = text.slice(0, cut);
      for (const line of whole.split('\r\n').filter((l) => l.startsWith('$GPGGA'))) {
        written.push(sentenceDegrees(parseSentence(line).fields, 2));
      }
      stack.gps.feed(whole);
    });
  });

  afterAll(async () => {
    const stopping = Date.now();
    feeder?.kill('SIGINT');
    await stack.stop();
    console.log(`[e2e] stack stopped in ${Date.now() - stopping} ms`);
    expect(stack.survivors()).toEqual([]);
  });

  it('getLocation() on the GeoClue backend returns a position whereami wrote', { timeout: 30_000 }, async () => {
    clearLocationCache();
    const began = Date.now();
    const fix = await getLocation({ timeout: 20_000 });
    const tookMs = Date.now() - began;
    expect(fix.provider).toBe('geoclue');
    expect(written.length).toBeGreaterThan(0);
    // GeoClue parsed our ddmm.mmmm: the fix is one we wrote, to float precision.
    const nearest = Math.min(...written.map(([lat, lon]) => Math.hypot(lat - fix.latitude, lon - fix.longitude)));
    expect(nearest).toBeLessThan(1e-9);
    expect(Math.abs(fix.latitude - 51.5007)).toBeLessThan(0.01);
    console.log(`[e2e] GeoClue read whereami's NMEA: ${fix.latitude}, ${fix.longitude} ±${fix.accuracy} m, in ${tookMs} ms`);
  });
});
