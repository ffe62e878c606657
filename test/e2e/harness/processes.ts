/**
 * Child processes the end-to-end tests start, each stopped by its own PID
 * (never by name), with a check that it is really gone.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export class Tracked {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  #exitCode: number | null | undefined;
  #stdoutLines: string[] = [];
  #lineWaiters: Array<{ test: (line: string) => boolean; resolve: () => void }> = [];

  constructor(name: string, child: ChildProcess, logPath: string) {
    this.name = name;
    this.child = child;
    const log = createWriteStream(logPath, { flags: 'a' });
    child.stderr?.pipe(log);
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.#stdoutLines.push(line);
        this.#lineWaiters = this.#lineWaiters.filter((waiter) => {
          if (!waiter.test(line)) return true;
          waiter.resolve();
          return false;
        });
      }
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.#exitCode = code;
        resolve(code);
      });
      child.once('error', () => {
        this.#exitCode = null;
        resolve(null);
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  lines(): readonly string[] {
    return this.#stdoutLines;
  }

  /** Resolves when a stdout line (after `skip` matching ones) passes `test`. */
  waitForLine(test: (line: string) => boolean, ms: number, skip = 0): Promise<void> {
    const seen = this.#stdoutLines.filter(test).length;
    if (seen > skip) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let remaining = skip - seen;
      const timer = setTimeout(() => reject(new Error(`${this.name}: no such line within ${ms} ms`)), ms);
      const waiter = {
        test: (line: string): boolean => test(line) && remaining-- <= 0,
        resolve: (): void => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.#lineWaiters.push(waiter);
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited while waiting for a line`));
      });
    });
  }

  /** Sends `signal` to this PID and waits for the exit; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      if (this.running) process.kill(this.pid, 'SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export function start(name: string, command: string, args: string[], logPath: string, options: SpawnOptions = {}): Tracked {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return new Tracked(name, child, logPath);
}

/** True while a process with this PID exists (zombies included). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
