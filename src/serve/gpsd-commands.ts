/**
 * Parses a gpsd request line: `?NAME;` or `?NAME={json};`, several per line
 * (gpsd_json(5)). The result is data; nothing here touches the server, so a
 * hostile line can at worst produce an error. Only reading commands exist:
 * none reads files, runs anything or changes the server.
 */

export interface WatchArgs {
  enable?: boolean;
  json?: boolean;
  nmea?: boolean;
  /** 1 or 2 asks for the device's own data; for this NMEA-speaking device that is NMEA. */
  raw?: number;
  device?: string;
}

export type Request =
  | { kind: 'WATCH'; args: WatchArgs | undefined }
  | { kind: 'POLL' }
  | { kind: 'VERSION' }
  | { kind: 'DEVICES' }
  | { kind: 'DEVICE'; configure: boolean }
  | { kind: 'error'; message: string };

/** Keys gpsd's WATCH takes; those this server does not act on are accepted and ignored. */
const WATCH_BOOLEANS = ['enable', 'json', 'nmea', 'scaled', 'split24', 'pps', 'timing'] as const;
const WATCH_KEYS = new Set<string>([...WATCH_BOOLEANS, 'raw', 'device', 'remote']);

/** Quotes what the client sent, cut short and ASCII-only, for an error message. */
function quote(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}...` : printable);
}

/** Index just past the JSON object that starts at `start` (a '{'), or -1 when it does not end on this line. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function watchArgs(value: unknown): WatchArgs | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'Invalid WATCH: the argument must be a JSON object';
  const record = value as Record<string, unknown>;
  const args: WatchArgs = {};
  for (const [key, field] of Object.entries(record)) {
    if (!WATCH_KEYS.has(key)) return `Invalid WATCH: unknown attribute ${quote(key)}`;
    if ((WATCH_BOOLEANS as readonly string[]).includes(key)) {
      if (typeof field !== 'boolean') return `Invalid WATCH: ${key} must be true or false`;
      if (key === 'enable' || key === 'json' || key === 'nmea') args[key] = field;
    } else if (key === 'raw') {
      if (field !== 0 && field !== 1 && field !== 2) return 'Invalid WATCH: raw must be 0, 1 or 2';
      args.raw = field;
    } else if (key === 'device' || key === 'remote') {
      if (typeof field !== 'string') return `Invalid WATCH: ${key} must be a string`;
      if (key === 'device') args.device = field;
    }
  }
  return args;
}

/** Parses one line (without its line end) into the requests it holds, in order. */
export function parseRequestLine(text: string): Request[] {
  const requests: Request[] = [];
  let i = 0;
  const skipSeparators = (): void => {
    while (i < text.length && (text[i] === ';' || text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i += 1;
  };
  skipSeparators();
  while (i < text.length) {
    if (text[i] !== '?') {
      requests.push({ kind: 'error', message: `Unrecognized request ${quote(text.slice(i))}` });
      return requests;
    }
    const name = /^[A-Za-z]*/.exec(text.slice(i + 1))?.[0] ?? '';
    i += 1 + name.length;
    let argument: unknown;
    let hasArgument = false;
    if (text[i] === '=') {
      const end = text[i + 1] === '{' ? objectEnd(text, i + 1) : -1;
      if (end < 0) {
        requests.push({ kind: 'error', message: `Invalid ${name || 'request'}: expected a JSON object after '='` });
        return requests;
      }
      try {
        argument = JSON.parse(text.slice(i + 1, end));
      } catch {
        requests.push({ kind: 'error', message: `Invalid ${name || 'request'}: the argument is not valid JSON` });
        return requests;
      }
      hasArgument = true;
      i = end;
    } else if (i < text.length && text[i] !== ';' && text[i] !== '\r') {
      requests.push({ kind: 'error', message: `Unrecognized request ${quote(`?${name}${text.slice(i)}`)}` });
      return requests;
    }
    requests.push(request(name, hasArgument, argument));
    skipSeparators();
  }
  return requests;
}

function request(name: string, hasArgument: boolean, argument: unknown): Request {
  switch (name) {
    case 'WATCH': {
      if (!hasArgument) return { kind: 'WATCH', args: undefined };
      const args = watchArgs(argument);
      return typeof args === 'string' ? { kind: 'error', message: args } : { kind: 'WATCH', args };
    }
    case 'POLL':
    case 'VERSION':
    case 'DEVICES':
      return hasArgument ? { kind: 'error', message: `Invalid ${name}: it takes no argument` } : { kind: name };
    case 'DEVICE':
      return { kind: 'DEVICE', configure: hasArgument };
    default:
      return { kind: 'error', message: `Unrecognized request ${quote(`?${name}`)}` };
  }
}
