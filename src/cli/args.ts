/**
 * Turns argv into a typed, checked command. Every check that can be made
 * without asking a backend is made here, so a bad argument (including an
 * unknown --format token) fails with exit code 2 before any request.
 */
import { ACCURACY_LEVELS, BACKEND_NAMES, type Accuracy, type BackendChoice } from '../types.js';
import { ArgvError, splitArgv, type OptionSpec } from './argv.js';
import { compileTemplate, TemplateError, type Template } from './format-template.js';
import { accuracyToMetres } from '../options.js';
import { MAX_TIMER_MS } from '../timers.js';

export type OutputMode = 'human' | 'json' | 'geojson' | 'format' | 'nmea';

/** Options every command that talks to a backend takes. */
export interface BackendSelection {
  /** Undefined: let the library choose ('auto', WHEREAMI_BACKEND, WHEREAMI_SIMULATE). */
  backend: BackendChoice | undefined;
  /** A simulation spec given with --simulate; forces the simulated backend. */
  simulate: string | undefined;
}

export interface LocateCommand extends BackendSelection {
  kind: 'locate';
  watch: boolean;
  output: OutputMode;
  template: Template | undefined;
  address: boolean;
  /** Milliseconds; undefined keeps the library default (30 s, or none for a watch). */
  timeoutMs: number | undefined;
  maximumAgeMs: number | undefined;
  accuracy: Accuracy | undefined;
  /** Only an approximate position (an area of a few km), in every output mode and with --watch. */
  approximate: boolean;
  /** Metres, watch only. */
  distance: number | undefined;
}

export interface StatusCommand extends BackendSelection {
  kind: 'status' | 'request-permission';
  json: boolean;
}

export interface ServeCommand extends BackendSelection {
  kind: 'serve';
  listen: { host: string; port: number };
  nmeaListen: { host: string; port: number } | undefined;
  maxClients: number;
  accuracy: Accuracy | undefined;
}

export type Command = LocateCommand | StatusCommand | ServeCommand | { kind: 'help' } | { kind: 'version' };

/** A bad command line. The CLI prints the message and a usage line, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  json: { type: 'boolean', short: 'j' },
  geojson: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  watch: { type: 'boolean', short: 'w' },
  distance: { type: 'string', short: 'd' },
  timeout: { type: 'string', short: 't' },
  accuracy: { type: 'string', short: 'a' },
  approximate: { type: 'boolean' },
  'max-age': { type: 'string', short: 'm' },
  backend: { type: 'string', short: 'b' },
  simulate: { type: 'string', short: 's' },
  address: { type: 'boolean', short: 'A' },
  nmea: { type: 'boolean' },
  listen: { type: 'string' },
  'nmea-listen': { type: 'string' },
  'max-clients': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  // Every command takes it: the stack of an unexpected exception (main.ts).
  debug: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;
type Values = Partial<Record<OptionName, string | boolean>>;

const COMMANDS = ['status', 'request-permission', 'serve', 'help'] as const;

/** Options each command accepts besides --help. */
const ALLOWED: Record<'locate' | 'status' | 'request-permission' | 'serve', readonly OptionName[]> = {
  locate: [
    'json',
    'geojson',
    'format',
    'nmea',
    'watch',
    'distance',
    'timeout',
    'accuracy',
    'approximate',
    'max-age',
    'backend',
    'simulate',
    'address',
  ],
  serve: ['listen', 'nmea-listen', 'max-clients', 'accuracy', 'backend', 'simulate'],
  status: ['json', 'backend', 'simulate'],
  'request-permission': ['json', 'backend', 'simulate'],
};

const DURATION = /^(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|sec|m|min|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "10", "10s", "500ms", "2m", "1.5h"; seconds when no unit is given. "inf" waits for ever when allowed. */
export function parseDuration(value: string, option: string, allowInfinite: boolean): number {
  const text = value.trim().toLowerCase();
  if (allowInfinite && (text === 'inf' || text === 'infinity' || text === 'none')) return Infinity;
  const match = DURATION.exec(text);
  if (!match) {
    throw new UsageError(
      `--${option} must be a duration such as 10, 10s, 500ms or 2m${allowInfinite ? ', or inf' : ''}; got ${JSON.stringify(value)}`,
    );
  }
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
  if (ms > MAX_TIMER_MS) throw new UsageError(`--${option} must be at most 24 days; got ${JSON.stringify(value)}`);
  return Math.round(ms);
}

function parseMetres(value: string, option: string): number {
  const text = value.trim().replace(/\s*m$/, '');
  const metres = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(metres)) {
    throw new UsageError(`--${option} must be a number of metres, 0 or more; got ${JSON.stringify(value)}`);
  }
  return metres;
}

/**
 * A level name (any case) or metres ("25", "25m"). Which values are good is
 * the API's rule (accuracyToMetres: a level, or metres 0 = best or more), so
 * the command takes exactly what getLocation() takes.
 */
function parseAccuracy(value: string): Accuracy {
  const levels = Object.keys(ACCURACY_LEVELS);
  const text = value.trim();
  const level = levels.find((name) => name.toLowerCase() === text.toLowerCase());
  const number = text.replace(/\s*m$/, '');
  const accuracy = level ?? (/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(number) ? Number(number) : NaN);
  try {
    accuracyToMetres(accuracy);
  } catch {
    throw new UsageError(`--accuracy must be one of ${levels.join(', ')} or a number of metres (0 = best); got ${JSON.stringify(value)}`);
  }
  return accuracy as Accuracy;
}

function parseBackend(value: string | undefined): BackendChoice | undefined {
  if (value === undefined) return undefined;
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as BackendChoice;
}

function backendSelection(values: Values): BackendSelection {
  const backend = parseBackend(values.backend as string | undefined);
  const simulate = values.simulate as string | undefined;
  if (simulate !== undefined) {
    if (simulate.trim() === '') throw new UsageError('--simulate needs "lat,lon[,accuracy]" or the path of a track file');
    if (backend !== undefined && backend !== 'simulated' && backend !== 'auto') {
      throw new UsageError(`--simulate cannot be combined with --backend ${backend}`);
    }
  }
  return { backend, simulate };
}

function outputMode(values: Values): { output: OutputMode; template: Template | undefined } {
  const chosen = (['json', 'geojson', 'format', 'nmea'] as const).filter((name) => values[name] !== undefined && values[name] !== false);
  if (chosen.length > 1) throw new UsageError(`choose one of ${chosen.map((name) => `--${name}`).join(', ')}`);
  const format = values.format as string | undefined;
  if (format === undefined) return { output: chosen[0] ?? 'human', template: undefined };
  try {
    return { output: 'format', template: compileTemplate(format) };
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(error.message);
    throw error;
  }
}

function locateCommand(values: Values): LocateCommand {
  const watch = values.watch === true;
  if (values.nmea === true && values.address === true) throw new UsageError('--address does not apply with --nmea (NMEA has no address)');
  if (values.distance !== undefined && !watch) throw new UsageError('--distance applies only with --watch');
  if (values['max-age'] !== undefined && watch) throw new UsageError('--max-age does not apply with --watch');
  const { output, template } = outputMode(values);
  const timeout = values.timeout as string | undefined;
  const maxAge = values['max-age'] as string | undefined;
  const accuracy = values.accuracy as string | undefined;
  const distance = values.distance as string | undefined;
  return {
    kind: 'locate',
    watch,
    output,
    template,
    address: values.address === true || template?.needsAddress === true,
    timeoutMs: timeout === undefined ? undefined : parseDuration(timeout, 'timeout', true),
    maximumAgeMs: maxAge === undefined ? undefined : parseDuration(maxAge, 'max-age', false),
    accuracy: accuracy === undefined ? undefined : parseAccuracy(accuracy),
    approximate: values.approximate === true,
    distance: distance === undefined ? undefined : parseMetres(distance, 'distance'),
    ...backendSelection(values),
  };
}

/**
 * "PORT", "HOST:PORT" or "[IPv6]:PORT"; the host defaults to 127.0.0.1, so
 * only an explicit address opens the server to other machines.
 */
export function parseListenAddress(value: string, option: string): { host: string; port: number } {
  const text = value.trim();
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]:|([^:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  const host = match?.[1] ?? match?.[2] ?? '127.0.0.1';
  // node:net only here: loading it costs every other command start-up time (it is `serve`'s alone).
  const { isIP } = process.getBuiltinModule('node:net');
  if (!match || port > 65535 || (host !== 'localhost' && isIP(host) === 0)) {
    throw new UsageError(`--${option} must be PORT, HOST:PORT or [IPv6]:PORT with an IP address or localhost and a port from 0 to 65535; got ${JSON.stringify(value)}`);
  }
  return { host, port };
}

function serveCommand(values: Values): ServeCommand {
  const listen = values.listen as string | undefined;
  const nmeaListen = values['nmea-listen'] as string | undefined;
  const maxClients = values['max-clients'] as string | undefined;
  const accuracy = values.accuracy as string | undefined;
  let clients = 32;
  if (maxClients !== undefined) {
    clients = /^\s*\d+\s*$/.test(maxClients) ? Number(maxClients) : NaN;
    if (!(clients >= 1 && clients <= 10_000)) {
      throw new UsageError(`--max-clients must be a whole number from 1 to 10000; got ${JSON.stringify(maxClients)}`);
    }
  }
  return {
    kind: 'serve',
    listen: listen === undefined ? { host: '127.0.0.1', port: 2947 } : parseListenAddress(listen, 'listen'),
    nmeaListen: nmeaListen === undefined ? undefined : parseListenAddress(nmeaListen, 'nmea-listen'),
    maxClients: clients,
    accuracy: accuracy === undefined ? undefined : parseAccuracy(accuracy),
    ...backendSelection(values),
  };
}

/**
 * WHEREAMI_BACKEND is --backend by another name: a bad value is a usage
 * error too, said before any request.
 */
export function badBackendEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env['WHEREAMI_BACKEND'];
  if (value === undefined || value === '' || (BACKEND_NAMES as readonly string[]).includes(value)) return undefined;
  return `WHEREAMI_BACKEND must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(value)}`;
}

/**
 * Parses the arguments after `whereami`.
 * @throws UsageError for anything wrong with them.
 */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = splitArgv(argv, OPTIONS);
  } catch (error) {
    if (error instanceof ArgvError) throw new UsageError(error.message);
    throw error;
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1] ?? ''}'`);
  const word = positionals[0];
  if (word !== undefined && !(COMMANDS as readonly string[]).includes(word)) {
    throw new UsageError(`unknown command '${word}' (commands: status, request-permission, serve, help)`);
  }
  if (values.help === true || word === 'help') return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };

  const kind = word === 'status' || word === 'request-permission' || word === 'serve' ? word : 'locate';
  const allowed = ALLOWED[kind];
  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'debug' && !allowed.includes(name)) {
      throw new UsageError(kind === 'locate' ? `--${name} is not an option here` : `--${name} does not apply to '${kind}'`);
    }
  }
  if (kind === 'locate') return locateCommand(values);
  if (kind === 'serve') return serveCommand(values);
  return { kind, json: values.json === true, ...backendSelection(values) };
}
