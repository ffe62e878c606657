/**
 * A request's timeout clock. It can stop while a permission prompt is on
 * screen (the W3C API does not count that time) without ever becoming
 * unbounded: a prompt nobody answers still ends after `promptLimitMs`.
 */
// Taken, not imported: an imported builtin gets an ES module facade, and
// making one measurably adds to `import 'node-whereami'` (see package-root.ts).
const { setTimeout: nodeSetTimeout } = process.getBuiltinModule('node:timers');

export type DeadlineReason = 'timeout' | 'prompt';

// Node keeps one list of timers per duration and throws it away, with a
// priority-queue update, whenever its last timer is cleared: a request that
// arms its deadline and clears it on the answer paid for a new list every
// time, about a tenth of a whole getLocation() through the addon (bench
// bridge-overhead, timeout 5000 against no timeout). One idle, unref'd timer
// per duration in use keeps that list; it goes after a whole period with no
// deadline of its duration. Taken from node:timers, not the global: a test's
// fake timers neither see nor run it. Only for durations of a second or
// more, so that an idle keeper never wakes the process more than once a
// second, and not beyond what Node's timers can hold.
const KEEPER_MIN_MS = 1000;
const KEEPER_MAX_MS = 2 ** 31 - 1;

interface Keeper {
  used: boolean;
}

const keepers = new Map<number, Keeper>();

function keepTimerList(ms: number): void {
  const keeper = keepers.get(ms);
  if (keeper !== undefined) {
    keeper.used = true;
    return;
  }
  if (!(ms >= KEEPER_MIN_MS && ms <= KEEPER_MAX_MS && Number.isInteger(ms))) return;
  const fresh: Keeper = { used: false };
  keepers.set(ms, fresh);
  const expire = (): void => {
    if (!fresh.used) {
      keepers.delete(ms);
      return;
    }
    fresh.used = false;
    nodeSetTimeout(expire, ms).unref();
  };
  nodeSetTimeout(expire, ms).unref();
}

/** Durations an idle keeper holds Node's timer list for now (tests). */
export function keptTimerDurations(): number[] {
  return [...keepers.keys()];
}

export class Deadline {
  #remaining: number;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #done = false;
  readonly #onExpire: (reason: DeadlineReason) => void;
  readonly #promptLimitMs: number;

  constructor(ms: number, promptLimitMs: number, onExpire: (reason: DeadlineReason) => void) {
    this.#remaining = ms;
    this.#promptLimitMs = promptLimitMs;
    this.#onExpire = onExpire;
    keepTimerList(ms);
    this.#arm(ms, 'timeout');
  }

  /** Stops the clock while a prompt is shown. */
  pause(): void {
    if (this.#done || this.#startedAt === -1) return;
    if (this.#remaining !== Infinity) this.#remaining -= Date.now() - this.#startedAt;
    this.#clear();
    this.#startedAt = -1;
    this.#arm(this.#promptLimitMs, 'prompt');
  }

  resume(): void {
    if (this.#done || this.#startedAt !== -1) return;
    this.#clear();
    this.#arm(Math.max(0, this.#remaining), 'timeout');
  }

  cancel(): void {
    this.#done = true;
    this.#clear();
  }

  #arm(ms: number, reason: DeadlineReason): void {
    if (reason === 'timeout') this.#startedAt = Date.now();
    if (ms === Infinity) return;
    this.#timer = setTimeout(() => {
      this.#done = true;
      this.#onExpire(reason);
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
