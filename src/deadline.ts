/**
 * A request's timeout clock. It can stop while a permission prompt is on
 * screen (the W3C API does not count that time) without ever becoming
 * unbounded: a prompt nobody answers still ends after `promptLimitMs`.
 */
export type DeadlineReason = 'timeout' | 'prompt';

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
