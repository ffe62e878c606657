/**
 * The command's stdout and stderr without Node's stream machinery when they
 * are a pipe, a file or a terminal. Touching `process.stdout` on a pipe
 * builds a `net.Socket` and loads Node's whole stream library: measured
 * here, about 5 ms of a start that is otherwise 34 ms, for a command that
 * prints one line. On a terminal it builds a `tty.WriteStream`, and loading
 * `tty` loads `net` and the stream library too: under callgrind,
 * `whereami --simulate 52.52,13.405` in a pseudo-terminal took 120.0 million
 * instructions that way against 102.8 million on a pipe (`node -e 0`: 77.9).
 *
 * A pipe or file handed to us is in blocking mode (Node sets its own stdio
 * pipes blocking, and a shell's are), and so is the terminal a shell hands
 * us, so `fs.writeSync` writes what
 * `process.stdout.write` would, in the same order, at once. The null device
 * is written the same way (a write to it never blocks). If a descriptor
 * turns out to be non-blocking (a parent that set O_NONBLOCK on it), the
 * first EAGAIN hands that write and every later one to Node's stream, which
 * waits for room.
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
 * How the command writes to a descriptor:
 * - 'plain': a pipe, socket, regular file or the null device, written
 *   directly and no terminal;
 * - 'terminal': any other character device, written directly, with colour
 *   and the progress line;
 * - 'node': anything else, and any descriptor on Windows, whose console
 *   Node's stream writes (it converts the text for the console), through
 *   Node's stream.
 *
 * Told without loading `tty`: `tty.isatty()` alone costs 11 million
 * instructions, because `tty` loads `net`. The null device is a character
 * device, as a terminal is, so it is told by its device number:
 * `2>/dev/null` in a script is common, and Node's stream for it (a
 * SyncWriteStream) loads the stream library (`whereami --simulate
 * 52.52,13.405 --json 2>/dev/null`: 109.7 million instructions with it,
 * 100.3 million without). A character device that is neither
 * the null device nor a terminal (`>/dev/zero`, `>/dev/full`) gets colour
 * nobody reads; a serial line is a terminal as far as isatty() goes.
 */
export type OutputKind = 'plain' | 'terminal' | 'node';

export function outputKind(fd: number, platform: NodeJS.Platform = process.platform): OutputKind {
  if (platform === 'win32') return 'node';
  try {
    const stats = fstatSync(fd);
    if (stats.isFIFO() || stats.isFile() || stats.isSocket()) return 'plain';
    if (stats.isCharacterDevice()) return isNullDevice(stats.rdev) ? 'plain' : 'terminal';
    return 'node';
  } catch {
    return 'node';
  }
}

function isNullDevice(rdev: number): boolean {
  const nullDevice = statSync('/dev/null', { throwIfNoEntry: false });
  return nullDevice !== undefined && nullDevice.isCharacterDevice() && nullDevice.rdev === rdev;
}

class DescriptorOutput implements CliStream {
  readonly isTTY: boolean;
  readonly #fd: number;
  readonly #nodeStream: () => HandOverStream;
  readonly #errorListeners: ErrorListener[] = [];
  /** Set once a write would have blocked: from then on Node's stream carries everything, in order. */
  #handedOver: HandOverStream | undefined;
  #failed = false;

  constructor(fd: number, nodeStream: () => HandOverStream, isTTY: boolean) {
    this.isTTY = isTTY;
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

/**
 * Writes to `fd` with fs.writeSync, handing over to `nodeStream()` at the
 * first write that would block. `isTTY`: a terminal, for colour and the progress line.
 */
export function descriptorOutput(fd: number, nodeStream: () => HandOverStream, isTTY = false): CliStream {
  return new DescriptorOutput(fd, nodeStream, isTTY);
}

/** stdout or stderr for the command: a descriptor writer for pipes, files and terminals, Node's stream otherwise. */
export function commandOutput(fd: 1 | 2): CliStream {
  const nodeStream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  const kind = outputKind(fd);
  return kind === 'node' ? nodeStream() : descriptorOutput(fd, nodeStream, kind === 'terminal');
}
