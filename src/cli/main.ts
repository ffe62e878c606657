/**
 * The `whereami` entry point. Start-up is kept cheap: `--version` loads only
 * this file and package.json; everything else loads with app.ts, in one round
 * (native code only on first use).
 */
import type { Command } from './args.js';
import { EXIT, exitForSignal } from './exit-codes.js';
import { keepNoCodeCacheFromThisRun } from './code-cache.js';
import { cacheProfileOf, loadApp, type App } from './load-app.js';
import type { CliIo, CliStream } from './run-context.js';
import { commandOutput, useNodeStream } from './stdio.js';
import { packageVersion } from './version.js';

export type { CliIo } from './run-context.js';

/** Runs `whereami` with these arguments and streams; resolves with the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  const app = await loadApp(cacheProfileOf(argv));
  const { parseCommand, UsageError } = app;
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageFailure(app, io, error.message);
  }
  if (command.kind === 'help') {
    keepNoCodeCacheFromThisRun();
    io.stdout.write(app.helpText());
    return EXIT.OK;
  }
  if (command.kind === 'version') {
    keepNoCodeCacheFromThisRun();
    io.stdout.write(`${app.packageVersion()}\n`);
    return EXIT.OK;
  }
  if (command.kind === 'serve' || (command.kind === 'locate' && command.watch)) {
    useNodeStream(io.stdout);
    useNodeStream(io.stderr);
  }
  const badEnv = app.badBackendEnv(io.env);
  if (badEnv !== undefined) return usageFailure(app, io, badEnv);
  // parseCommand accepted the arguments, so a '--debug' among them is the flag.
  const debug = argv.includes('--debug') || io.env['WHEREAMI_DEBUG'] === '1';
  return app.runCommand(command, io, debug);
}

function usageFailure(app: App, io: CliIo, message: string): number {
  keepNoCodeCacheFromThisRun();
  const paint = app.painter(app.colorEnabled(io.stderr, io.env));
  io.stderr.write(`${paint.red(paint.bold('whereami:'))} ${message}\n${app.USAGE_LINE}\nRun 'whereami --help' for more.\n`);
  return EXIT.USAGE;
}

/** Waits until what was written to a stream has been handed to the OS (bounded, in case it never drains). */
function flushed(stream: CliStream): Promise<void> {
  if (stream.destroyed || !stream.writable || stream.writesAtOnce === true) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    timer.unref();
    stream.write('', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The real command: process streams and signals, then exit with the code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now": skip the orderly stop.
    if (interrupt.signal.aborted) process.exit(exitForSignal(signal));
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stdout = commandOutput(1);
  const stderr = commandOutput(2);
  // A closed stderr must not turn into a crash report nobody can read.
  stderr.on('error', () => undefined);
  let code: number;
  try {
    code = await run(argv, {
      stdout,
      stderr,
      env: process.env,
      platform: process.platform,
      interrupt: interrupt.signal,
    });
  } catch (error) {
    const { renderBug } = await loadApp();
    const debug = argv.includes('--debug') || process.env['WHEREAMI_DEBUG'] === '1';
    stderr.write(renderBug(error, debug));
    code = EXIT.FAILURE;
  }
  await Promise.all([flushed(stdout), flushed(stderr)]);
  process.exit(code);
}
