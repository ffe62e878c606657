/**
 * Everything a command other than --help and --version needs, in one module,
 * so that the bundle loads it as one file in one round, alongside the argument
 * parser (see main.ts). `serve` stays behind its own import: its sockets and
 * protocols are of no use to a one-shot fix.
 */
import { defaultRegistry } from '../default-locator.js';
import type { Command } from './args.js';
import { colorEnabled } from './color.js';
import { locateOnce, watch } from './locate.js';
import { RunContext, type CliIo } from './run-context.js';
import { requestPermission, status } from './status.js';

export type RunnableCommand = Exclude<Command, { kind: 'help' | 'version' }>;

export async function runCommand(command: RunnableCommand, io: CliIo, debug: boolean): Promise<number> {
  const context = new RunContext(io, colorEnabled(io.stdout, io.env), colorEnabled(io.stderr, io.env), debug);
  if (command.simulate === undefined) return runIn(command, context);
  // Handed to the library itself, not through the environment: run() may be
  // called in-process with an env of its own.
  defaultRegistry.setSimulation(command.simulate);
  try {
    return await runIn({ ...command, backend: 'simulated' }, context);
  } finally {
    defaultRegistry.setSimulation(undefined);
  }
}

async function runIn(command: RunnableCommand, context: RunContext): Promise<number> {
  try {
    return await dispatch(command, context);
  } catch (error) {
    // A failure no command turned into an exit code: a bug, said as one.
    return context.fail(error);
  }
}

async function dispatch(command: RunnableCommand, context: RunContext): Promise<number> {
  switch (command.kind) {
    case 'locate':
      return command.watch ? watch(command, context) : locateOnce(command, context);
    case 'status':
      return status(command, context);
    case 'request-permission':
      return requestPermission(command, context);
    case 'serve': {
      const { serve } = await import('./serve.js');
      return serve(command, context);
    }
  }
}
