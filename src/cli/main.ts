/**
 * The `whereami` entry point. Start-up is kept cheap: `--version` loads only
 * this file and package.json, `--help` adds the parser and the help text, and
 * the library (and any native code) is imported only by the commands that
 * need it.
 */
import type { Command } from './args.js';
import { EXIT, exitForSignal } from './exit-codes.js';
import type { CliIo, RunContext } from './run-context.js';
import { packageVersion } from './version.js';

export type { CliIo } from './run-context.js';

async function runCommand(command: Exclude<Command, { kind: 'help' | 'version' }>, io: CliIo, debug: boolean): Promise<number> {
  // The command's module (and the library under it) loads alongside the
  // context's, not after it: one round of module loading fewer at start-up.
  const commandModule = loadCommandModule(command.kind);
  commandModule.catch(() => undefined); // awaited in dispatch; a failure is reported there
  const [{ RunContext }, { colorEnabled }] = await Promise.all([import('./run-context.js'), import('./color.js')]);
  const context = new RunContext(io, colorEnabled(io.stdout, io.env), colorEnabled(io.stderr, io.env), debug);
  if (command.simulate === undefined) return runIn(command, context, commandModule);
  // Handed to the library itself, not through the environment: run() may be
  // called in-process with an env of its own.
  const { defaultRegistry } = await import('../default-locator.js');
  defaultRegistry.setSimulation(command.simulate);
  try {
    return await runIn({ ...command, backend: 'simulated' }, context, commandModule);
  } finally {
    defaultRegistry.setSimulation(undefined);
  }
}

async function runIn(command: Exclude<Command, { kind: 'help' | 'version' }>, context: RunContext, commandModule: Promise<unknown>): Promise<number> {
  try {
    await commandModule;
    return await dispatch(command, context);
  } catch (error) {
    // A failure no command turned into an exit code: a bug, said as one.
    return context.fail(error);
  }
}

function loadCommandModule(kind: Exclude<Command, { kind: 'help' | 'version' }>['kind']): Promise<unknown> {
  switch (kind) {
    case 'locate':
      return import('./locate.js');
    case 'serve':
      return import('./serve.js');
    default:
      return import('./status.js');
  }
}

async function dispatch(command: Exclude<Command, { kind: 'help' | 'version' }>, context: RunContext): Promise<number> {
  switch (command.kind) {
    case 'locate': {
      const { locateOnce, watch } = await import('./locate.js');
      return command.watch ? watch(command, context) : locateOnce(command, context);
    }
    case 'status': {
      const { status } = await import('./status.js');
      return status(command, context);
    }
    case 'request-permission': {
      const { requestPermission } = await import('./status.js');
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
    return usageFailure(io, error.message);
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
  const { badBackendEnv } = await import('./args.js');
  const badEnv = badBackendEnv(io.env);
  if (badEnv !== undefined) return usageFailure(io, badEnv);
  // parseCommand accepted the arguments, so a '--debug' among them is the flag.
  const debug = argv.includes('--debug') || io.env['WHEREAMI_DEBUG'] === '1';
  return runCommand(command, io, debug);
}

async function usageFailure(io: CliIo, message: string): Promise<number> {
  const [{ colorEnabled, painter }, { USAGE_LINE }] = await Promise.all([import('./color.js'), import('./usage.js')]);
  const paint = painter(colorEnabled(io.stderr, io.env));
  io.stderr.write(`${paint.red(paint.bold('whereami:'))} ${message}\n${USAGE_LINE}\nRun 'whereami --help' for more.\n`);
  return EXIT.USAGE;
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
    const { renderBug } = await import('./error-report.js');
    const debug = argv.includes('--debug') || process.env['WHEREAMI_DEBUG'] === '1';
    process.stderr.write(renderBug(error, debug));
    code = EXIT.FAILURE;
  }
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
