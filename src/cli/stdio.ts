/**
 * The command's stdout and stderr without Node's stream machinery when they
 * are a pipe or a file. Touching `process.stdout` on a pipe builds a
 * `net.Socket` and loads Node's whole stream library: measured here, about
 * 5 ms of a start that is otherwise 34 ms, for a command that prints one
 * line. A pipe or file handed to us is in blocking mode (Node sets its own
 * stdio pipes blocking, and a shell's are), so `fs.writeSync` writes what
 * `process.stdout.write` would, in the same order, at once.
 *
 * The null device is written the same way (a write to it never blocks). A
 * terminal keeps Node's own stream (colour depth, columns, and what Node
 * does for a TTY). If a descriptor turns out to be non-blocking (a parent
 * that set O_NONBLOCK on the pipe), the first EAGAIN hands that write and
 * every later one to Node's stream, which waits for room.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { CliStream } from './run-context.js';

type ErrorListener = (error: Error) => void;

/** What a descriptor output hands its writes to once one would block: Node's stdout or stderr. */
export interface HandOverStream {
  write(chunk: Uint8Array | string, callback?: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: ErrorListener): unknown;
  readonly destroyed: boolean;
  readonly writable: boolean;
}

/**
 * Whether the descriptor is a pipe, socket, regular file or the null device:
 * then it is no terminal, told without loading `tty`. The null device is a
 * character device, as a terminal is, so it is told by its device number.
 * `2>/dev/null` in a script is common, and Node's stream for it (a
 * SyncWriteStream) loads the whole stream library: `whereami --simulate
 * 52.52,13.405 --json 2>/dev/null` took 109.7 million instructions under
 * callgrind with it, 100.3 million without.
 */
export function isPlainOutput(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isFIFO() || stats.isFile() || stats.isSocket() || (stats.isCharacterDevice() && isNullDevice(stats.rdev));
  } catch {
    return false;
  }
}

function isNullDevice(rdev: number): boolean {
  const nullDevice = statSync('/dev/null', { throwIfNoEntry: false });
  return nullDevice !== undefined && nullDevice.isCharacterDevice() && nullDevice.rdev === rdev;
}

class DescriptorOutput implements CliStream {
  readonly isTTY = false;
  readonly #fd: number;
  readonly #nodeStream: () => HandOverStream;
  readonly #errorListeners: ErrorListener[] = [];
  /** Set once a write would have blocked: from then on Node's stream carries everything, in order. */
  #handedOver: HandOverStream | undefined;
  #failed = false;

  constructor(fd: number, nodeStream: () => HandOverStream) {
    this.#fd = fd;
    this.#nodeStream = nodeStream;
  }

  get destroyed(): boolean {
    return this.#handedOver?.destroyed ?? this.#failed;
  }

  get writesAtOnce(): boolean {
    return this.#handedOver === undefined;
  }

  get writable(): boolean {
    return this.#handedOver?.writable ?? !this.#failed;
  }

  on(event: 'error', listener: ErrorListener): this {
    if (event === 'error') this.#errorListeners.push(listener);
    this.#handedOver?.on(event, listener);
    return this;
  }

  write(text: string, callback?: (error?: Error | null) => void): boolean {
    if (this.#handedOver) return this.#handedOver.write(text, callback);
    if (this.#failed) {
      callback?.(new Error('write after the output failed'));
      return false;
    }
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.#fd, bytes, offset);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (err.code === 'EAGAIN') return this.#handOver(bytes.subarray(offset), callback);
      this.#failed = true;
      // Like a stream's 'error', after the write returns (EPIPE: the reader went away).
      process.nextTick(() => {
        for (const listener of this.#errorListeners) listener(err);
        callback?.(err);
      });
      return false;
    }
    if (callback) process.nextTick(callback);
    return true;
  }

  /** From now on every write goes through Node's stream, which queues instead of blocking. */
  switchToNodeStream(): HandOverStream {
    if (this.#handedOver) return this.#handedOver;
    const stream = this.#nodeStream();
    this.#handedOver = stream;
    for (const listener of this.#errorListeners) stream.on('error', listener);
    return stream;
  }

  #handOver(rest: Buffer, callback?: (error?: Error | null) => void): boolean {
    return this.switchToNodeStream().write(rest, callback);
  }
}

/**
 * For a command that writes for as long as it runs (a watch, a server): a
 * reader that stops reading would block a synchronous write, and the process
 * with it, Ctrl-C included, so such a command writes through Node's stream,
 * which queues. A one-shot answer is a few hundred bytes: it never fills a pipe.
 */
export function useNodeStream(stream: CliStream): void {
  if (stream instanceof DescriptorOutput) stream.switchToNodeStream();
}

/** Writes to `fd` with fs.writeSync, handing over to `nodeStream()` at the first write that would block. */
export function descriptorOutput(fd: number, nodeStream: () => HandOverStream): CliStream {
  return new DescriptorOutput(fd, nodeStream);
}

/** stdout or stderr for the command: a plain descriptor writer for pipes and files, Node's stream otherwise. */
export function commandOutput(fd: 1 | 2): CliStream {
  const nodeStream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  return isPlainOutput(fd) ? descriptorOutput(fd, nodeStream) : nodeStream();
}
