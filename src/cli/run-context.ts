/**
 * What every command runs with: the streams, colour, progress, the interrupt
 * signal, and the one place a failure becomes a stderr report and an exit code.
 */
import { LocationError } from '../errors.js';
import { painter, type Painter } from './color.js';
import { renderBug, renderError } from './error-report.js';
import { EXIT, EXIT_FOR_CODE, exitForSignal } from './exit-codes.js';
import { GuardedOutput } from './guarded-output.js';
import { Progress } from './progress.js';

/** What the command needs of stdout and stderr: Node's streams have it, and so does stdio.ts's descriptor writer. */
export interface CliStream {
  write(text: string, callback?: (error?: Error | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly destroyed: boolean;
  readonly writable: boolean;
  readonly isTTY?: boolean;
  /** True while every write has reached the OS by the time write() returns: nothing to wait for at exit. */
  readonly writesAtOnce?: boolean;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** The environment the library reads (process.env in the real command). */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Aborted with the signal's name ('SIGINT' or 'SIGTERM') as its reason. */
  interrupt: AbortSignal;
}

export class RunContext {
  readonly io: CliIo;
  readonly out: GuardedOutput;
  readonly outPaint: Painter;
  readonly errPaint: Painter;
  readonly progress: Progress;
  /** Aborted when the command should stop: interrupted, or stdout closed. */
  readonly stopSignal: AbortSignal;

  /** Print the stack of an unexpected exception (--debug or WHEREAMI_DEBUG=1). */
  readonly debug: boolean;

  constructor(io: CliIo, outColor: boolean, errColor: boolean, debug = false) {
    this.io = io;
    this.debug = debug;
    this.out = new GuardedOutput(io.stdout);
    this.outPaint = painter(outColor);
    this.errPaint = painter(errColor);
    this.progress = new Progress(io.stderr);
    this.stopSignal = AbortSignal.any([io.interrupt, this.out.closedSignal]);
  }

  /** Writes to stderr, erasing the progress line first. */
  error(text: string): void {
    this.progress.stop();
    if (!this.io.stderr.destroyed) this.io.stderr.write(text);
  }

  /** Writes to stdout, erasing the progress line first. */
  print(text: string): void {
    this.progress.stop();
    this.out.write(text);
  }

  /**
   * Reports a failure on stderr and returns its exit code. An interrupted
   * request says nothing (the person knows) and exits 128 + the signal; one
   * whose reader went away exits 0.
   */
  fail(error: unknown): number {
    this.progress.stop();
    if (this.io.interrupt.aborted) return exitForSignal(String(this.io.interrupt.reason));
    if (this.out.closed) return EXIT.OK;
    if (error instanceof LocationError) {
      this.error(renderError(error, this.io.platform, this.errPaint));
      return EXIT_FOR_CODE[error.code] ?? EXIT.FAILURE;
    }
    // Arguments were checked before any request (args.ts): anything else,
    // a TypeError from the library's option checks included, is a bug.
    this.error(renderBug(error, this.debug, this.errPaint));
    return EXIT.FAILURE;
  }
}
