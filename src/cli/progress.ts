/**
 * "locating... 3 s" on stderr while a person waits at a terminal. Nothing is
 * drawn before the first second, nothing ever on a pipe or file, and the
 * line is erased before any other output so it never mixes with it.
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export const PROGRESS_DELAY_MS = 1000;
const CLEAR_LINE = '\r\x1b[2K';

export class Progress {
  readonly #stream: ProgressStream;
  readonly #enabled: boolean;
  #timer: NodeJS.Timeout | undefined;
  #shown = false;
  #label = '';
  #startedAt = 0;

  constructor(stream: ProgressStream) {
    this.#stream = stream;
    this.#enabled = stream.isTTY === true;
  }

  /** Starts (or restarts) the clock under a new label; draws after a second. */
  start(label: string): void {
    this.stop();
    if (!this.#enabled) return;
    this.#label = label;
    this.#startedAt = Date.now();
    this.#timer = setTimeout(() => this.#tick(), PROGRESS_DELAY_MS);
    // Progress never keeps the process alive on its own.
    this.#timer.unref();
  }

  /** Erases the line if it was drawn and stops the clock. Safe to call at any time. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#shown) this.#stream.write(CLEAR_LINE);
    this.#shown = false;
  }

  #tick(): void {
    const seconds = Math.max(1, Math.floor((Date.now() - this.#startedAt) / 1000));
    this.#stream.write(`${CLEAR_LINE}${this.#label}... ${seconds} s`);
    this.#shown = true;
    // Redraw on the next whole second of waiting.
    const next = (seconds + 1) * 1000 - (Date.now() - this.#startedAt);
    this.#timer = setTimeout(() => this.#tick(), Math.max(50, next));
    this.#timer.unref();
  }
}
