/** Test clients for the location server: raw sockets that read lines, and a source the test drives. */
import { connect, type Socket } from 'node:net';
import type { FixSource } from '../../src/serve/location-server.js';
import type { Location } from '../../src/types.js';
import type { WatchListener } from '../../src/watch-hub.js';

/** A fix source the test pushes fixes into; counts starts and stops. */
export class ManualSource {
  starts = 0;
  stops = 0;
  #listener: WatchListener | undefined;
  readonly source: FixSource = (listener) => {
    this.starts += 1;
    this.#listener = listener;
    let active = true;
    return {
      stop: () => {
        if (!active) return;
        active = false;
        this.stops += 1;
        if (this.#listener === listener) this.#listener = undefined;
      },
      get active() {
        return active;
      },
    };
  };

  get running(): boolean {
    return this.#listener !== undefined;
  }

  push(fix: Location): void {
    this.#listener?.location(fix);
  }

  fail(error: Parameters<WatchListener['error']>[0]): void {
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.error(error, true);
  }
}

export function fixNumber(n: number): Location {
  return { latitude: 10 + n * 1e-5, longitude: 20, accuracy: 5, altitude: n, timestamp: 1_700_000_000_000 + n * 100, provider: 'scripted' };
}

/** A line-reading client. `lines` holds every line received, in order. */
export class LineClient {
  readonly socket: Socket;
  readonly lines: string[] = [];
  closed = false;
  #partial = '';
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      const parts = (this.#partial + chunk).split('\n');
      this.#partial = parts.pop() ?? '';
      for (const part of parts) this.lines.push(part.replace(/\r$/, ''));
      this.#wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
  }

  static open(port: number): Promise<LineClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new LineClient(socket)));
      socket.once('error', reject);
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  send(text: string): void {
    this.socket.write(text);
  }

  /** JSON objects received so far (non-JSON lines are skipped). */
  objects(): Record<string, unknown>[] {
    return this.lines.filter((text) => text.startsWith('{')).map((text) => JSON.parse(text) as Record<string, unknown>);
  }

  /** Waits until `test` holds on what arrived, or the socket closed, bounded by `ms`. */
  async until(test: (client: LineClient) => boolean, ms = 10_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this)) {
      if (this.closed) throw new Error(`socket closed before ${what}; got ${JSON.stringify(this.lines.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.lines.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(cls: string): number {
    return this.objects().filter((object) => object['class'] === cls).length;
  }

  waitForClose(ms = 10_000): Promise<void> {
    return this.until((client) => client.closed, ms, 'close');
  }

  close(): void {
    this.socket.destroy();
  }
}
