/**
 * stdout that may be closed under us: `whereami --watch | head -n 2` closes
 * the pipe after two lines, and the next write fails with EPIPE. Unhandled,
 * that is a stack trace; here it ends the command quietly instead.
 */
import type { CliStream } from './run-context.js';

export class GuardedOutput {
  readonly #stream: CliStream;
  readonly #closed = new AbortController();

  constructor(stream: CliStream) {
    this.#stream = stream;
    // Any write error (EPIPE, EBADF, ...) means nobody can read us any more.
    stream.on('error', () => this.#closed.abort('stdout closed'));
  }

  /** Aborted when stdout can no longer be written. */
  get closedSignal(): AbortSignal {
    return this.#closed.signal;
  }

  get closed(): boolean {
    return this.#closed.signal.aborted;
  }

  write(text: string): void {
    if (this.closed || this.#stream.destroyed) return;
    this.#stream.write(text);
  }
}
