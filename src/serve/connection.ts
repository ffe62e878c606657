/**
 * One client socket with the two protections a network service needs: a
 * bounded outgoing buffer (a client that does not read is dropped once its
 * backlog passes the bound, so it never holds memory or slows the fan-out to
 * others; the same rule as the `ws` package's bufferedAmount check) and a
 * bounded incoming line (a client that sends a line longer than the bound gets
 * an error and is disconnected, so a peer cannot make the server buffer
 * without end).
 */
import type { Socket } from 'node:net';

export type DropReason = 'slow' | 'line-too-long' | 'idle' | 'refused' | 'closed';

export interface ConnectionLimits {
  /** Bytes waiting to be sent above which the client is dropped. */
  maxBufferedBytes: number;
  /** Longest request line accepted, in bytes. */
  maxLineBytes: number;
}

export class Connection {
  readonly socket: Socket;
  readonly #limits: ConnectionLimits;
  #pending = '';
  #closed = false;
  #dropReason: DropReason | undefined;

  constructor(socket: Socket, limits: ConnectionLimits) {
    this.socket = socket;
    this.#limits = limits;
    // Nagle would hold small lines back; every line is a whole report.
    socket.setNoDelay(true);
    // Finds peers that vanished without closing (half-open connections).
    socket.setKeepAlive(true, 30_000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#closed = true;
    });
  }

  get open(): boolean {
    return !this.#closed && !this.socket.destroyed;
  }

  /** Why the server dropped this client, if it did. */
  get dropReason(): DropReason | undefined {
    return this.#dropReason;
  }

  /** Queues text; drops the client when its unsent backlog passes the bound. Returns false once dropped. */
  send(text: string): boolean {
    if (!this.open) return false;
    this.socket.write(text);
    if (this.socket.writableLength > this.#limits.maxBufferedBytes) {
      this.drop('slow');
      return false;
    }
    return true;
  }

  /** Sends a last message, then closes (used for refusals and protocol violations). */
  sendAndClose(text: string, reason: DropReason): void {
    if (!this.open) return;
    this.#dropReason ??= reason;
    this.socket.end(text);
    // A peer that never reads must not keep a refused socket open.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  drop(reason: DropReason): void {
    this.#dropReason ??= reason;
    this.#closed = true;
    this.socket.destroy();
  }

  /**
   * Splits incoming bytes into lines (LF or CR LF). Returns the complete
   * lines, or 'too-long' when the unfinished line passes the bound.
   */
  takeLines(chunk: Buffer): string[] | 'too-long' {
    // latin1 maps every byte to one character, so lengths are byte counts and nothing throws on bad UTF-8.
    this.#pending += chunk.toString('latin1');
    const lines = this.#pending.split('\n');
    this.#pending = lines.pop() ?? '';
    if (this.#pending.length > this.#limits.maxLineBytes) return 'too-long';
    for (const line of lines) if (line.length > this.#limits.maxLineBytes) return 'too-long';
    return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }
}
