/**
 * The `whereami` entry point. Start-up is kept cheap: `--version` loads only
 * this file and package.json, `--help` adds the parser and the help text, and
 * the library (and any native code) is imported only by the commands that
 * need it.
 */
import type { Command } from './args.js';
import { EXIT, exitForSignal } from './exit-codes.js';
import type { CliIo } from './run-context.js';
import { packageVersion } from './version.js';

export type { CliIo } from './run-context.js';

async function runCommand(command: Exclude<Command, { kind: 'help' | 'version' }>, io: CliIo): Promise<number> {
  if (command.simulate !== undefined) {
    // The backend registry reads WHEREAMI_SIMULATE when the first request resolves a backend.
    io.env['WHEREAMI_SIMULATE'] = command.simulate;
    command = { ...command, backend: 'simulated' };
  }
  // The command's module (and the library under it) loads alongside the
  // context's, not after it: one round of module loading fewer at start-up.
  const locateModule = command.kind === 'locate' ? import('./locate.js') : undefined;
  const statusModule = command.kind === 'locate' ? undefined : import('./status.js');
  const [{ RunContext }, { colorEnabled }] = await Promise.all([import('./run-context.js'), import('./color.js')]);
  const context = new RunContext(io, colorEnabled(io.stdout, io.env), colorEnabled(io.stderr, io.env));
  switch (command.kind) {
    case 'locate': {
      const { locateOnce, watch } = await (locateModule ?? import('./locate.js'));
      return command.watch ? watch(command, context) : locateOnce(command, context);
    }
    case 'status': {
      const { status } = await (statusModule ?? import('./status.js'));
      return status(command, context);
    }
    case 'request-permission': {
      const { requestPermission } = await (statusModule ?? import('./status.js'));
      return requestPermission(command, context);
    }
    case 'serve': {
      const { serve } = await import('./serve.js');
      return serve(command, context);
    }
  }
}

/** Runs `whereami` with these arguments and streams; resolves with the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  const { parseCommand, UsageError } = await import('./args.js');
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const [{ colorEnabled, painter }, { USAGE_LINE }] = await Promise.all([import('./color.js'), import('./usage.js')]);
    const paint = painter(colorEnabled(io.stderr, io.env));
    io.stderr.write(`${paint.red(paint.bold('whereami:'))} ${error.message}\n${USAGE_LINE}\nRun 'whereami --help' for more.\n`);
    return EXIT.USAGE;
  }
  if (command.kind === 'help') {
    const { helpText } = await import('./usage.js');
    io.stdout.write(helpText());
    return EXIT.OK;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT.OK;
  }
  return runCommand(command, io);
}

/** Waits until what was written to a stream has been handed to the OS (bounded, in case it never drains). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
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
  // A closed stderr must not turn into a crash report nobody can read.
  process.stderr.on('error', () => undefined);
  let code: number;
  try {
    code = await run(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      platform: process.platform,
      interrupt: interrupt.signal,
    });
  } catch (error) {
    process.stderr.write(`whereami: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = EXIT.FAILURE;
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
