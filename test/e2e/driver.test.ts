/**
 * The GeoClue provider (native/linux) by itself, through the standalone C++
 * driver: no Node, no addon, a real daemon.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeoClueStack, HOME_POSITION, DENIED_APP, whyStackCannotRun } from './harness/geoclue-stack.js';
import { accuracyForHdop } from './harness/fake-gps.js';
import { nativeTool } from './harness/native-tools.js';

interface DriverRun {
  code: number | null;
  events: Array<Record<string, Record<string, unknown> | string | boolean>>;
}

const skip = whyStackCannotRun();

describe.skipIf(skip !== undefined)(`GeoClue provider, standalone driver${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;

  function drive(args: string[], env: NodeJS.ProcessEnv = {}): Promise<DriverRun> {
    return new Promise((resolve) => {
      execFile(nativeTool('driver'), args, { env: { ...process.env, ...stack.env, ...env } }, (error, stdout) => {
        const events = stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as DriverRun['events'][number]);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, events });
      });
    });
  }

  beforeAll(async () => {
    nativeTool('driver');
    stack = await GeoClueStack.start();
    console.log(`[e2e] bus + GeoClue daemon up in ${stack.startupMs} ms`);
  });

  afterAll(async () => {
    const pids = stack.pids;
    await stack.stop();
    expect(stack.survivors(), `still running of ${pids.join(', ')}`).toEqual([]);
  });

  it('gets the fake GPS fix, with the accuracy GeoClue derives from its HDOP', async () => {
    const run = await drive(['once', '--accuracy', '100']);
    expect(run.code).toBe(0);
    expect(run.events[0]).toEqual({ provider: 'geoclue' });
    const fix = run.events[1]?.['fix'] as { latitude: number; longitude: number; accuracy: number; timestamp: number };
    expect(Math.abs(fix.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
    expect(Math.abs(fix.longitude - HOME_POSITION.longitude)).toBeLessThan(1e-6);
    expect(fix.accuracy).toBe(accuracyForHdop(HOME_POSITION.hdop));
    expect(Math.abs(Date.now() - fix.timestamp)).toBeLessThan(5000);
  });

  it('watches: fixes keep coming', async () => {
    const run = await drive(['watch', '--count', '3']);
    expect(run.code).toBe(0);
    expect(run.events.filter((event) => 'fix' in event)).toHaveLength(3);
  });

  it('one provider serves a second request after the first', async () => {
    const run = await drive(['once', '--twice']);
    expect(run.code).toBe(0);
    expect(run.events.filter((event) => 'fix' in event)).toHaveLength(2);
  });

  it('asks for authorization by starting a client: the agent allows', async () => {
    expect((await drive(['auth'])).events[1]).toEqual({ authorization: 'authorized' });
  });

  it('says the service is enabled when GeoClue owns its name', async () => {
    expect((await drive(['services'])).events[1]).toEqual({ servicesEnabled: true });
  });

  it("maps a refusal by configuration to PERMISSION_DENIED with the daemon's reason", async () => {
    const run = await drive(['once'], { WHEREAMI_DESKTOP_ID: DENIED_APP });
    expect(run.code).toBe(1);
    const error = run.events[1]?.['error'] as { code: string; message: string; domain: string };
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(`'${DENIED_APP}' disallowed by configuration`);
    expect(error.domain).toBe('org.freedesktop.DBus.Error.AccessDenied');
  });
});
