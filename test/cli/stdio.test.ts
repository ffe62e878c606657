// The command's descriptor writer (src/cli/stdio.ts): what it writes, in what
// order, and what happens when the reader goes away or the pipe is full.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { descriptorOutput, outputKind, useNodeStream, type HandOverStream } from '../../src/cli/stdio.js';
import { BIN } from './helpers.js';

let dir: string;
const open: number[] = [];
const track = (fd: number): number => {
  open.push(fd);
  return fd;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'whereami-stdio-'));
});
afterEach(() => {
  for (const fd of open.splice(0)) {
    try {
      closeSync(fd);
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const noHandOver = (): HandOverStream => {
  throw new Error('handed over to the Node stream, which this test did not expect');
};

/** A FIFO with a non-blocking reader (so opening the writer does not wait), the reader and the writer. */
function fifo(writerFlags: number): { reader: number; writer: number } {
  const path = join(dir, 'fifo');
  execFileSync('mkfifo', [path]);
  const reader = track(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
  const writer = track(openSync(path, writerFlags));
  return { reader, writer };
}

function drain(reader: number): Buffer {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(65536);
  for (;;) {
    try {
      const read = readSync(reader, buffer);
      if (read === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
  }
  return Buffer.concat(chunks);
}

describe('descriptorOutput', () => {
  it('writes each text at once, in order, and calls back after the write returns', async () => {
    const file = join(dir, 'out.txt');
    writeFileSync(file, '');
    const out = descriptorOutput(track(openSync(file, 'w')), noHandOver);
    const calls: string[] = [];
    out.write('first\n', () => calls.push('callback'));
    calls.push('returned');
    out.write('zweite Zeile: ±5 m\n');
    expect(readFileSync(file, 'utf8')).toBe('first\nzweite Zeile: ±5 m\n');
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls).toEqual(['returned', 'callback']);
    expect(out.isTTY).toBe(false);
    expect(out.destroyed).toBe(false);
    expect(out.writable).toBe(true);
    expect(out.writesAtOnce).toBe(true);
  });

  it("reports a reader that went away (EPIPE) once, as a stream's 'error', and writes nothing after", async () => {
    const { reader, writer } = fifo(constants.O_WRONLY);
    const out = descriptorOutput(writer, noHandOver);
    const errors: string[] = [];
    out.on('error', (error) => errors.push((error as NodeJS.ErrnoException).code ?? error.message));
    out.write('before\n');
    closeSync(reader);
    open.splice(open.indexOf(reader), 1);
    const afterClose = new Promise<Error | null | undefined>((resolve) => out.write('after\n', resolve));
    expect(errors).toEqual([]); // not from inside write(): after it returns, as a stream does
    expect(((await afterClose) as NodeJS.ErrnoException).code).toBe('EPIPE');
    expect(errors).toEqual(['EPIPE']);
    expect(out.destroyed).toBe(true);
    const late = await new Promise<Error | null | undefined>((resolve) => out.write('later\n', resolve));
    expect(late).toBeInstanceOf(Error);
    expect(errors).toEqual(['EPIPE']);
  });

  it('hands the rest of a write that would block, and every later write, to the Node stream, losing and reordering nothing', async () => {
    const { reader, writer } = fifo(constants.O_WRONLY | constants.O_NONBLOCK);
    const handedOver = new PassThrough();
    const received: Buffer[] = [];
    handedOver.on('data', (chunk: Buffer) => received.push(chunk));
    let handOvers = 0;
    const out = descriptorOutput(writer, () => {
      handOvers += 1;
      return handedOver;
    });
    // Larger than any pipe buffer Linux gives (64 KiB by default, 1 MiB at most unprivileged).
    const big = Buffer.alloc(2 * 1024 * 1024, 'abcdefghijklmnopqrstuvwxyz').toString('latin1');
    out.write(big);
    out.write('tail\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(handOvers).toBe(1);
    expect(out.writesAtOnce).toBe(false);
    const inPipe = drain(reader);
    expect(inPipe.length).toBeGreaterThan(0);
    expect(inPipe.length).toBeLessThan(big.length);
    expect(Buffer.concat([inPipe, ...received]).toString('latin1')).toBe(`${big}tail\n`);
  });

  it('writes through the Node stream once a long-running command asks for it (a stalled reader must not block it)', async () => {
    const file = join(dir, 'out.txt');
    writeFileSync(file, '');
    const handedOver = new PassThrough();
    const received: string[] = [];
    handedOver.setEncoding('utf8').on('data', (chunk: string) => received.push(chunk));
    const out = descriptorOutput(track(openSync(file, 'w')), () => handedOver);
    out.write('before\n');
    useNodeStream(out);
    useNodeStream(out);
    out.write('after\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(file, 'utf8')).toBe('before\n');
    expect(received.join('')).toBe('after\n');
    expect(out.writesAtOnce).toBe(false);
  });

  it('passes error listeners on to the stream it hands over to', () => {
    const { writer } = fifo(constants.O_WRONLY | constants.O_NONBLOCK);
    const handedOver = new PassThrough();
    const out = descriptorOutput(writer, () => handedOver);
    const errors: string[] = [];
    out.on('error', (error) => errors.push(error.message));
    out.write(Buffer.alloc(2 * 1024 * 1024, 'x').toString('latin1'));
    handedOver.emit('error', new Error('gone'));
    expect(errors).toEqual(['gone']);
  });
});

describe('outputKind', () => {
  it('takes pipes, files and the null device as plain output, any other character device as a terminal, and the rest for Node', () => {
    const file = track(openSync(join(dir, 'out.txt'), 'w'));
    const { writer } = fifo(constants.O_WRONLY);
    const nullDevice = track(openSync('/dev/null', 'w'));
    const zeroDevice = track(openSync('/dev/zero', 'r'));
    expect(outputKind(file)).toBe('plain');
    expect(outputKind(writer)).toBe('plain');
    expect(outputKind(nullDevice)).toBe('plain');
    // A character device other than the null device stands for a terminal here.
    expect(outputKind(zeroDevice)).toBe('terminal');
    expect(outputKind(987_654)).toBe('node');
    // Windows' console is Node's to write: it converts the text for it.
    expect(outputKind(zeroDevice, 'win32')).toBe('node');
    expect(outputKind(file, 'win32')).toBe('node');
  });

  it('a descriptor writer made for a terminal says so, for colour and the progress line', () => {
    const file = track(openSync(join(dir, 'out.txt'), 'w'));
    expect(descriptorOutput(file, noHandOver, true).isTTY).toBe(true);
    expect(descriptorOutput(file, noHandOver).isTTY).toBe(false);
  });
});

describe('the command with its output on the null device', () => {
  it('locates and exits 0 with stdout and stderr on /dev/null, as `whereami --json >/dev/null 2>&1` would', () => {
    const nullDevice = track(openSync('/dev/null', 'w'));
    const run = spawnSync(process.execPath, [BIN, '--simulate', '52.52,13.405', '--json'], {
      stdio: ['ignore', nullDevice, nullDevice],
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
  });
});
