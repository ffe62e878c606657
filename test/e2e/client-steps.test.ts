/**
 * The GeoClue client's steps as they cross the bus (native/linux/gc_client.cc):
 * once CreateClient has answered, the property Sets and Start go out
 * together, without waiting for each other's replies. What that makes
 * possible is tested here against the real daemon: a step failing while
 * later ones are in flight (the bus refusing a call by policy, which it
 * answers at once, ahead of GeoClue), and a request torn down at any point
 * of its life. Each bus policy has its own stack.
 */
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NativeError, NativeFix, NativeProvider } from '../../src/backends/native-binding.js';
import { geoclueAddon } from './harness/addon.js';
import { callOf, monitored, replyTo, type BusMessage } from './harness/bus-monitor.js';
import { GeoClueStack, HOME_POSITION, whyStackCannotRun } from './harness/geoclue-stack.js';
import { nativeTool } from './harness/native-tools.js';
import type { Tracked } from './harness/processes.js';

const skip = whyStackCannotRun();
const DESKTOP_ID = 'whereami-steps-test';

interface Answer {
  error: NativeError | null;
  fix?: NativeFix | undefined;
}

/** A request straight on the addon's provider, recording every answer (there must be one). */
function ask(provider: NativeProvider): { answers: Answer[]; first: Promise<Answer> } {
  const answers: Answer[] = [];
  let settle: (answer: Answer) => void = () => undefined;
  const first = new Promise<Answer>((resolve) => (settle = resolve));
  provider.requestLocation(
    100,
    0,
    (error, fix) => {
      answers.push({ error, fix });
      settle(answers[0]!);
    },
    () => undefined,
  );
  return { answers, first };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for the first answer, then long enough for a wrong second one (a late reply) to show. */
async function settled(request: { answers: Answer[]; first: Promise<Answer> }): Promise<Answer[]> {
  await request.first;
  await sleep(500);
  return request.answers;
}

/** The Set and Start calls each GeoClue client of the request's connection got, with the property each Set named. */
function clientSteps(messages: BusMessage[]): Array<{ client: string; created: number; steps: Array<{ message: BusMessage; index: number; property?: string }> }> {
  const clients = [];
  for (const [index, message] of messages.entries()) {
    if (message.kind !== 'return' || callOf(messages, message)?.member !== 'CreateClient') continue;
    const client = /^object path "(.+)"$/.exec(message.body[0] ?? '')?.[1];
    if (!client) continue;
    const steps = messages
      .map((m, i) => ({ message: m, index: i }))
      .filter(({ message: m, index: i }) => i > index && m.kind === 'call' && m.path === client && (m.member === 'Set' || m.member === 'Start'))
      .map((step) => {
        const property = step.message.member === 'Set' ? /^string "(.+)"$/.exec(step.message.body[1] ?? '')?.[1] : undefined;
        return property === undefined ? step : { ...step, property };
      });
    clients.push({ client, created: index, steps });
  }
  return clients;
}

function geoclueInUse(stack: GeoClueStack): boolean {
  const out = execFileSync(
    'dbus-send',
    [`--bus=${stack.busAddress}`, '--print-reply', '--dest=org.freedesktop.GeoClue2', '/org/freedesktop/GeoClue2/Manager',
      'org.freedesktop.DBus.Properties.Get', 'string:org.freedesktop.GeoClue2.Manager', 'string:InUse'],
    { encoding: 'utf8' },
  );
  return out.includes('boolean true');
}

/** Whether GeoClue still runs a client, once it has had up to 3 s to see ours gone. */
async function geoclueStillInUse(stack: GeoClueStack): Promise<boolean> {
  const end = Date.now() + 3000;
  while (geoclueInUse(stack)) {
    if (Date.now() > end) return true;
    await sleep(50);
  }
  return false;
}

function openSockets(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // the directory's own descriptor, closed by now
    }
  }).length;
}

describe.skipIf(skip !== undefined)(`GeoClue client steps on the bus${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack | undefined;
  let provider: NativeProvider | undefined;

  /** A stack with `busConfig` added, a bus monitor, and (unless `open` is false) a provider on it. */
  async function fresh(busConfig = '', open = true): Promise<{ stack: GeoClueStack; provider: NativeProvider; monitor: Tracked }> {
    stack = await GeoClueStack.start({ busConfig });
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
    process.env['WHEREAMI_DESKTOP_ID'] = DESKTOP_ID;
    const monitor = await stack.startMonitor();
    if (open) provider = geoclueAddon().binding.createProvider();
    return { stack, provider: provider!, monitor };
  }

  beforeAll(() => {
    geoclueAddon();
    nativeTool('teardown');
  });

  afterEach(async () => {
    delete process.env['WHEREAMI_DESKTOP_ID'];
    provider?.close();
    provider = undefined;
    if (stack) {
      await stack.stop();
      expect(stack.survivors()).toEqual([]);
    }
    stack = undefined;
  });

  /** A watch with a 25 m distance filter (the one client that sends DistanceThreshold), stopped at its first fix. */
  async function watchOnce(provider: NativeProvider): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const id = provider.startWatch(
        100,
        25,
        () => {
          provider.stopWatch(id);
          resolve();
        },
        (error) => reject(new Error(error.message)),
      );
    });
  }

  /** The monitor's messages once `count` clients have each had every step answered. */
  async function clientsAnswered(monitor: Tracked, count: number): Promise<BusMessage[]> {
    return monitored(monitor, (seen) => {
      const steps = clientSteps(seen);
      return steps.length === count && steps.every((client) => client.steps.every((step) => replyTo(seen, step.message) !== undefined));
    });
  }

  /** Whether the client's Start reached the bus before the bus carried a reply to any of its Sets. */
  function startAheadOfSetReplies(messages: BusMessage[], steps: ReturnType<typeof clientSteps>[number]['steps']): boolean {
    const start = steps.at(-1)!;
    return steps.slice(0, -1).every((set) => {
      const reply = replyTo(messages, set.message);
      return reply !== undefined && messages.indexOf(reply) > start.index;
    });
  }

  it('sends the Sets and Start together once CreateClient answered, DistanceThreshold only when not 0, and gets the fix', async () => {
    const { provider, monitor } = await fresh();
    const answer = await ask(provider).first;
    expect(answer.error).toBeNull();
    expect(Math.abs(answer.fix!.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
    await watchOnce(provider);
    let messages = await clientsAnswered(monitor, 2);
    const clients = clientSteps(messages);
    expect(clients).toHaveLength(2);
    const [once, watch] = clients as [(typeof clients)[number], (typeof clients)[number]];
    expect(once.steps.map((s) => s.property ?? s.message.member)).toEqual(['DesktopId', 'RequestedAccuracyLevel', 'Start']);
    expect(watch.steps.map((s) => s.property ?? s.message.member)).toEqual(['DesktopId', 'RequestedAccuracyLevel', 'DistanceThreshold', 'Start']);
    for (const steps of [once.steps, watch.steps]) {
      for (const set of steps.slice(0, -1)) expect(replyTo(messages, set.message)?.kind).toBe('return');
    }

    // Did Start leave without waiting for the Sets' replies? The bus shows it
    // when it routes Start before any of those replies. A client that waited
    // could never show that. One that did not wait shows it nearly always,
    // but not always: GDBus writes each message with its own sendmsg from its
    // worker thread, and on a busy machine the bus can route GeoClue's reply
    // to the first Set before it has read Start. So each kind of client gets
    // up to five tries, and one showing the order is the proof.
    let seen = 2;
    /** The try, of up to five, on which a client of one kind showed Start ahead of its Set replies; undefined if none did. */
    const tryShowingOrder = async (firstShows: boolean, another: () => Promise<unknown>): Promise<number | undefined> => {
      if (firstShows) return 1;
      for (let attempt = 2; attempt <= 5; attempt += 1) {
        await another();
        messages = await clientsAnswered(monitor, ++seen);
        if (startAheadOfSetReplies(messages, clientSteps(messages).at(-1)!.steps)) return attempt;
      }
      return undefined;
    };
    const request = await tryShowingOrder(startAheadOfSetReplies(messages, once.steps), async () => expect((await ask(provider).first).error).toBeNull());
    const watching = await tryShowingOrder(startAheadOfSetReplies(messages, watch.steps), () => watchOnce(provider));
    console.log(`[e2e] Start ahead of the Set replies on the bus: request on try ${request ?? 'none of 5'}, watch on try ${watching ?? 'none of 5'}`);
    expect(request, 'no one-shot request showed Start ahead of its Set replies in five tries').toBeDefined();
    expect(watching, 'no watch showed Start ahead of its Set replies in five tries').toBeDefined();
  });

  /** A request on a bus whose policy refuses one client step: it must fail once, naming the step and the desktop id. */
  async function askWithStepRefused(iface: string, member: string) {
    const { stack, provider, monitor } = await fresh(`<policy context="mandatory">
    <deny send_destination="org.freedesktop.GeoClue2" send_interface="${iface}" send_member="${member}"/>
  </policy>`);
    const answers = await settled(ask(provider));
    expect(answers).toHaveLength(1);
    const error = answers[0]!.error!;
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain(`'${DESKTOP_ID}'`);
    expect(error.message).toContain(`member="${member}"`);
    return { stack, monitor, error };
  }

  it('a Set the bus refuses while Start is already sent: the request fails once, with that step and the desktop id', async () => {
    const { stack, monitor, error } = await askWithStepRefused('org.freedesktop.DBus.Properties', 'Set');
    expect(error.domain).toBe('org.freedesktop.DBus.Error.AccessDenied');

    const messages = await monitored(monitor, (seen) => {
      const start = clientSteps(seen)[0]?.steps.find((step) => step.message.member === 'Start');
      return start !== undefined && replyTo(seen, start.message) !== undefined && seen.some((m) => m.kind === 'call' && m.member === 'DeleteClient');
    });
    const [client] = clientSteps(messages);
    const [firstSet, , start] = client!.steps;
    expect(firstSet?.property).toBe('DesktopId');
    expect(replyTo(messages, firstSet!.message)?.kind).toBe('error');
    // Start reached the bus although the first Set was refused: it had left
    // before the refusal came back, the ordering this test is about.
    expect(start?.message.member).toBe('Start');
    // GeoClue answered that Start too (no DesktopId was set): ignored, and the client deleted.
    const late = replyTo(messages, start!.message);
    expect(late?.kind).toBe('error');
    const deleted = messages.find((m) => m.kind === 'call' && m.member === 'DeleteClient' && m.body[0] === `object path "${client!.client}"`);
    expect(deleted).toBeDefined();
    expect(await geoclueStillInUse(stack)).toBe(false);
  });

  it('Start refused by the bus while the Sets are in flight: the request fails once, with the Start step', async () => {
    const { stack, monitor } = await askWithStepRefused('org.freedesktop.GeoClue2.Client', 'Start');

    const messages = await monitored(monitor, (seen) => {
      const steps = clientSteps(seen)[0]?.steps ?? [];
      return steps.length === 3 && steps.every((step) => replyTo(seen, step.message) !== undefined);
    });
    const [client] = clientSteps(messages);
    const start = client!.steps.at(-1)!;
    const refusal = replyTo(messages, start.message);
    expect(refusal?.kind).toBe('error');
    const setReplies = client!.steps.slice(0, -1).map((set) => replyTo(messages, set.message));
    expect(setReplies.map((reply) => reply?.kind)).toEqual(['return', 'return']);
    console.log(
      `[e2e] Start's refusal came ${setReplies.every((reply) => messages.indexOf(reply!) > messages.indexOf(refusal!)) ? 'before' : 'after'} GeoClue's Set replies`,
    );
    expect(await geoclueStillInUse(stack)).toBe(false);
  });

  it('requests torn down at every point of their life settle once, with no use after free and no socket left (ASan sweep)', async () => {
    const { stack } = await fresh('', false);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        nativeTool('teardown'),
        ['--runs', '80', '--step-us', '250'],
        {
          env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0', UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1' },
          timeout: 60_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    const lines = run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = lines.at(-1)?.['summary'] as { runs: number; fixes: number; aborted: number; wrong: number; sockets: number } | undefined;
    console.log(`[e2e] teardown sweep: ${JSON.stringify(summary)}`);
    expect(run.stderr).not.toMatch(/AddressSanitizer|runtime error/);
    expect(run.code).toBe(0);
    expect(summary).toMatchObject({ runs: 80, wrong: 0, sockets: 0 });
    // The sweep spanned the whole life: some were torn down in flight, some after their fix.
    expect(summary!.aborted).toBeGreaterThan(0);
    expect(summary!.fixes).toBeGreaterThan(0);
    expect(await geoclueStillInUse(stack)).toBe(false);
  });

  it('providers closed at once, with or without a request, leave no bus connection behind', async () => {
    await fresh('', false);
    const { binding } = geoclueAddon();
    const before = openSockets();
    const aborted: Promise<Answer>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const quick = binding.createProvider();
      if (i % 2 === 1) aborted.push(ask(quick).first);
      quick.close();
    }
    const answers = await Promise.all(aborted);
    expect(answers.map((answer) => answer.error?.code)).toEqual(Array(10).fill('ABORTED'));
    // GDBus closes a dropped connection's socket on its own worker thread: give it a moment.
    const end = Date.now() + 3000;
    while (openSockets() > before && Date.now() < end) await sleep(20);
    expect(openSockets()).toBe(before);
  });

  it('a bus that takes the connection but never answers: close() returns at once, the request is ABORTED, no socket left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whereami-mute-bus-'));
    const held: Socket[] = [];
    // Accepts and reads nothing: GIO's authentication waits for an answer that never comes.
    const server = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => server.listen(join(dir, 'bus.sock'), resolve));
    try {
      process.env['DBUS_SYSTEM_BUS_ADDRESS'] = `unix:path=${join(dir, 'bus.sock')}`;
      const before = openSockets();
      const mute = geoclueAddon().binding.createProvider();
      const request = ask(mute);
      const end = Date.now() + 5000;
      while (held.length === 0 && Date.now() < end) await sleep(10);
      expect(held).toHaveLength(1);
      const began = performance.now();
      mute.close();
      const closeMs = performance.now() - began;
      console.log(`[e2e] close() with the bus connection stuck in authentication took ${closeMs.toFixed(1)} ms`);
      expect((await request.first).error?.code).toBe('ABORTED');
      expect(closeMs).toBeLessThan(1000);
      for (const socket of held) socket.destroy();
      const settle = Date.now() + 3000;
      while (openSockets() > before && Date.now() < settle) await sleep(20);
      expect(openSockets()).toBe(before);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
