/**
 * Faults against a real GeoClue daemon: the daemon killed mid-request, the
 * bus gone, a refused app, no agent. Each must end in the right
 * LocationError within its time, never a hang, and the provider must serve
 * again once the service is back. Each test has a fresh stack.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocationError } from '../../src/errors.js';
import type { Backend } from '../../src/backends/contract.js';
import { Locator } from '../../src/locator.js';
import { geoclueAddon, geoclueBackend } from './harness/addon.js';
import { runCli } from './harness/cli.js';
import { failure } from '../support/failure.js';
import { monitored, replyTo, type BusMessage } from './harness/bus-monitor.js';
import { DEMO_AGENT, DENIED_APP, GeoClueStack, HOME_POSITION, whyStackCannotRun } from './harness/geoclue-stack.js';

const skip = whyStackCannotRun();

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe.skipIf(skip !== undefined)(`GeoClue faults${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack | undefined;
  let backend: Backend | undefined;
  let locator: Locator;

  async function fresh(options: { agent?: boolean; desktopId?: string; busConfig?: string } = {}): Promise<GeoClueStack> {
    stack = await GeoClueStack.start(options);
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
    if (options.desktopId) process.env['WHEREAMI_DESKTOP_ID'] = options.desktopId;
    backend = geoclueBackend();
    locator = new Locator(() => backend!);
    return stack;
  }

  beforeEach(() => {
    geoclueAddon();
  });

  afterEach(async () => {
    delete process.env['WHEREAMI_DESKTOP_ID'];
    backend?.close();
    backend = undefined;
    if (stack) {
      await stack.stop();
      expect(stack.survivors()).toEqual([]);
    }
    stack = undefined;
  });

  it('the daemon killed mid-request: POSITION_UNAVAILABLE at once; a restarted daemon serves again', async () => {
    const s = await fresh();
    s.gps.pause(); // GeoClue connects to the GPS but hears nothing: the request waits
    const pending = failure(locator.getLocation({ timeout: 20_000 }));
    await sleep(500);
    const killedAt = Date.now();
    await s.killDaemon();
    const error = await pending;
    const detectedMs = Date.now() - killedAt;
    console.log(`[e2e] daemon death noticed in ${detectedMs} ms`);
    expect(error.code).toBe('POSITION_UNAVAILABLE');
    expect(error.message).toMatch(/GeoClue daemon stopped/);
    expect(detectedMs).toBeLessThan(2000);

    // While it is gone the bus cannot start it (no activation here): said at once.
    const askedAt = Date.now();
    const down = await failure(locator.getLocation({ timeout: 20_000 }));
    console.log(`[e2e] with no daemon: ${down.code} after ${Date.now() - askedAt} ms: ${down.message}`);
    expect(down.code).toBe('SERVICES_DISABLED');

    const restartedAt = Date.now();
    await s.startDaemon();
    s.gps.resume();
    const fix = await locator.getLocation({ timeout: 10_000 });
    console.log(`[e2e] fix ${Date.now() - restartedAt} ms after the daemon restart began`);
    expect(Math.abs(fix.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
  });

  it('the bus gone mid-request and mid-watch: POSITION_UNAVAILABLE at once; a new bus serves again', async () => {
    const s = await fresh();
    s.gps.pause();
    const pending = failure(locator.getLocation({ timeout: 20_000 }));
    const watchEnded = new Promise<LocationError>((resolve) => {
      backend!.watch({ accuracy: 100, distanceFilter: 0 }, { location: () => undefined, error: resolve });
    });
    await sleep(500);
    const killedAt = Date.now();
    await s.killBus();
    const [error, watchError] = await Promise.all([pending, watchEnded]);
    console.log(`[e2e] bus loss noticed in ${Date.now() - killedAt} ms`);
    expect(error.code).toBe('POSITION_UNAVAILABLE');
    expect(error.message).toMatch(/system bus closed/);
    expect(watchError.code).toBe('POSITION_UNAVAILABLE');
    expect(Date.now() - killedAt).toBeLessThan(2000);

    const down = await failure(locator.getLocation({ timeout: 20_000 }));
    expect(down.code).toBe('SERVICES_DISABLED');
    expect(down.message).toMatch(/system bus.*cannot be reached/);

    // The daemon and the agent leave with their bus; bring the world back.
    await s.daemon?.exited;
    await s.stopAgent();
    await s.startBus();
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = s.busAddress;
    await s.startDaemon();
    await s.startAgent();
    s.gps.resume();
    const fix = await locator.getLocation({ timeout: 10_000 });
    expect(Math.abs(fix.longitude - HOME_POSITION.longitude)).toBeLessThan(1e-6);
  });

  it('services enabled: yes while GeoClue runs, no once it is gone, yes again when the bus can start it; both questions asked at once', async () => {
    const services = mkdtempSync(join(tmpdir(), 'whereami-services-'));
    try {
      const s = await fresh({ busConfig: `<servicedir>${services}</servicedir>` });
      const monitor = await s.startMonitor();
      expect(await backend!.locationServicesEnabled()).toBe(true);
      await s.killDaemon();
      expect(await backend!.locationServicesEnabled()).toBe(false);
      // GeoClue's name becomes activatable: the bus could start it (nothing here will ask it to).
      writeFileSync(join(services, 'org.freedesktop.GeoClue2.service'), '[D-BUS Service]\nName=org.freedesktop.GeoClue2\nExec=/bin/false\nUser=root\n');
      s.bus!.child.kill('SIGHUP'); // dbus-daemon reads its configuration and service files again
      const end = Date.now() + 5000;
      while (!(await backend!.locationServicesEnabled())) {
        if (Date.now() > end) throw new Error('GeoClue never became activatable');
        await sleep(50);
      }
      // Each time both questions went out, even while GeoClue owned its name
      // (the first), when the second's answer was not needed: neither waited.
      const questions = (messages: BusMessage[]): Array<{ asked: BusMessage; next: BusMessage | undefined }> =>
        messages
          .map((asked, at) => ({ asked, at }))
          .filter(({ asked }) => asked.kind === 'call' && asked.member === 'NameHasOwner' && asked.body[0] === 'string "org.freedesktop.GeoClue2"')
          .map(({ asked, at }) => ({ asked, next: messages.find((m, i) => i > at && m.kind === 'call' && m.sender === asked.sender) }));
      const messages = await monitored(monitor, (seen) => questions(seen).length >= 3 && questions(seen).every((q) => q.next !== undefined));
      const asked = questions(messages);
      expect(asked.length).toBeGreaterThanOrEqual(3);
      expect(replyTo(messages, asked[0]!.asked)?.body).toEqual(['boolean true']);
      for (const question of asked) expect(question.next?.member).toBe('ListActivatableNames');
    } finally {
      rmSync(services, { recursive: true, force: true });
    }
  });

  it("an app the configuration refuses: PERMISSION_DENIED with the daemon's reason, at once", async () => {
    await fresh({ desktopId: DENIED_APP });
    const began = Date.now();
    const error = await failure(locator.getLocation({ timeout: 20_000 }));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(`'${DENIED_APP}' disallowed by configuration`);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(await backend!.authorizationStatus()).toBe('denied');
  });

  it("location services off (the agent's MaxAccuracyLevel 0): SERVICES_DISABLED with the daemon's reason; whereami exits 4", async () => {
    const s = await fresh({ agent: false });
    await s.startAgent({ maxLevel: 0 });
    const error = await failure(locator.getLocation({ timeout: 20_000 }));
    expect(error.code).toBe('SERVICES_DISABLED');
    expect(error.message).toMatch(/Geolocation disabled for UID/);
    const run = await runCli(['--timeout', '10s'], { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: s.busAddress });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Location services are turned off/);
  });

  it('no agent: TIMEOUT within the agent wait, saying no agent runs and what to do; an agent then fixes it', async () => {
    const s = await fresh({ agent: false });
    const began = Date.now();
    const error = await failure(locator.getLocation({ timeout: 20_000 }));
    const waitedMs = Date.now() - began;
    console.log(`[e2e] no-agent error after ${waitedMs} ms`);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/^No GeoClue agent is running for this user/);
    expect(error.message).toMatch(/demos\/agent/);
    expect(waitedMs).toBeLessThan(7000);

    const run = await runCli(['--timeout', '20s'], { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: s.busAddress });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/No GeoClue agent is running/);
    expect(run.stderr).toMatch(/hint: Start a GeoClue agent/);

    await s.startAgent();
    const fix = await locator.getLocation({ timeout: 10_000 });
    expect(Math.abs(fix.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
  });

  it.skipIf(!existsSync(DEMO_AGENT))(
    `the demo agent the no-agent error names serves too${existsSync(DEMO_AGENT) ? '' : ' (skipped: geoclue-2-demo is not installed)'}`,
    async () => {
      const s = await fresh({ agent: false });
      s.startDemoAgent();
      // It says nothing when it has registered: ask until it has (the no-agent wait is shorter here).
      const end = Date.now() + 10_000;
      for (;;) {
        const outcome = await locator.getLocation({ timeout: 3000 }).catch((error: unknown) => error as LocationError);
        if (!(outcome instanceof LocationError)) {
          expect(Math.abs(outcome.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
          break;
        }
        expect(outcome.code).toBe('TIMEOUT');
        if (Date.now() > end) throw outcome;
      }
    },
  );
});
