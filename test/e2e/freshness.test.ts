/**
 * Fresh means fresh on GeoClue. GeoClue hands a new client the location it
 * already holds, which is as old as the last update another client caused;
 * and for NMEA its Timestamp has whole seconds only. So with another client
 * running, `maximumAge: 0` must wait for GeoClue's next update, and any
 * `maximumAge` must never take a fix older than asked.
 *
 * The GPS here is like a real receiver: it sends on its own schedule (every
 * 500 ms), never because someone connected, and each send carries its own
 * position, so a fix names the send it came from by its latitude alone.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clearLocationCache, getLocation, watchLocation } from '../../src/index.js';
import type { Location } from '../../src/types.js';
import { geoclueAddon } from './harness/addon.js';
import type { GpsSend } from './harness/fake-gps.js';
import { GeoClueStack, WHERE_AM_I, whyStackCannotRun } from './harness/geoclue-stack.js';
import type { Tracked } from './harness/processes.js';

const skip = whyStackCannotRun() ?? (existsSync(WHERE_AM_I) ? undefined : `${WHERE_AM_I} is missing (package geoclue-2-demo)`);
const INTERVAL_MS = 500;
// 1e-5 degree (about 1 m) per send: far above NMEA's 1e-8 degree resolution.
const STEP_DEGREES = 1e-5;
const CALLS = 10;
// Ten calls of up to a GPS interval each, twice in one test, on a loaded machine.
const TEST_TIMEOUT_MS = 60_000;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

interface Answer {
  send: GpsSend;
  /** The seq of the GPS's latest send when the call began. */
  lastSeqAtCall: number;
  began: number;
  arrived: number;
  fix: Location;
}

describe.skipIf(skip !== undefined)(`fresh fixes with another GeoClue client running${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;
  let other: Tracked | undefined;
  let stopWatch: (() => void) | undefined;

  beforeAll(async () => {
    geoclueAddon();
    stack = await GeoClueStack.start({ gps: { intervalMs: INTERVAL_MS, onConnect: false, stepDegrees: STEP_DEGREES } });
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
    delete process.env['WHEREAMI_SIMULATE'];
    delete process.env['WHEREAMI_BACKEND'];
  });

  afterEach(async () => {
    stopWatch?.();
    stopWatch = undefined;
    await other?.stop();
    other = undefined;
  });

  afterAll(async () => {
    await stack.stop();
    expect(stack.survivors()).toEqual([]);
  });

  async function ask(maximumAge: number): Promise<Answer> {
    const lastSeqAtCall = stack.gps.lastSeq;
    const began = Date.now();
    const fix = await getLocation({ maximumAge, timeout: 10_000 });
    const arrived = Date.now();
    const send = stack.gps.sendOf(fix.latitude);
    if (!send) throw new Error(`latitude ${fix.latitude} matches no send of the fake GPS`);
    return { send, lastSeqAtCall, began, arrived, fix };
  }

  /** Calls one after another, each starting at another point of the GPS's cycle. */
  async function askRepeatedly(maximumAge: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (let i = 0; i < CALLS; i += 1) {
      answers.push(await ask(maximumAge));
      await sleep((i * 137) % INTERVAL_MS);
    }
    return answers;
  }

  function report(label: string, answers: Answer[]): void {
    const waits = answers.map((a) => a.arrived - a.began).sort((x, y) => x - y);
    const ages = answers.map((a) => a.arrived - a.send.at).sort((x, y) => x - y);
    console.log(
      `[e2e] ${label}: waited median ${waits[waits.length >> 1]} ms (max ${waits.at(-1)}), ` +
        `fix age at arrival median ${ages[ages.length >> 1]} ms (max ${ages.at(-1)}), GPS every ${INTERVAL_MS} ms`,
    );
  }

  async function startWhereAmI(): Promise<void> {
    other = stack.startWhereAmI();
    await other.waitForLine((line) => line.startsWith('Latitude:'), 10_000);
  }

  async function startOwnWatch(): Promise<void> {
    const watch = watchLocation({ timeout: 10_000 });
    stopWatch = () => watch.stop();
    const first = watch[Symbol.asyncIterator]();
    await first.next();
  }

  for (const [name, startOther] of [
    ['no other client', () => Promise.resolve()],
    ['where-am-i', startWhereAmI],
    ['a watch of this process', startOwnWatch],
  ] as const) {
    it(`getLocation({ maximumAge: 0 }) gives a fix sent after each call began, with ${name} running`, async () => {
      await startOther();
      clearLocationCache();
      const answers = await askRepeatedly(0);
      report(`maximumAge 0 with ${name}`, answers);
      const stale = answers.filter((a) => a.send.seq <= a.lastSeqAtCall);
      expect(
        stale.map((a) => `call at GPS send ${a.lastSeqAtCall} got send ${a.send.seq}`),
        'fixes GeoClue held from before the call',
      ).toEqual([]);
      for (const answer of answers) {
        // The timestamp says when the fix was made: not before its send, not after it arrived.
        expect(answer.fix.timestamp).toBeGreaterThanOrEqual(answer.send.at - 1000);
        expect(answer.fix.timestamp).toBeLessThanOrEqual(answer.arrived);
      }
    }, TEST_TIMEOUT_MS);
  }

  it('getLocation({ maximumAge }) never gives a fix older than asked, while where-am-i runs', async () => {
    await startWhereAmI();
    for (const maximumAge of [300, 1500]) {
      clearLocationCache();
      const answers = await askRepeatedly(maximumAge);
      report(`maximumAge ${maximumAge} beside where-am-i`, answers);
      const tooOld = answers.filter((a) => a.send.at < a.began - maximumAge);
      expect(
        tooOld.map((a) => `call at ${a.began} got a fix sent at ${a.send.at}`),
        `fixes older than ${maximumAge} ms when asked`,
      ).toEqual([]);
    }
  }, TEST_TIMEOUT_MS);
});
