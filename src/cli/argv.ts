/**
 * Splits the command line into option values and positionals, strictly, by
 * one table of options. It does what `util.parseArgs` does with `strict` and
 * `allowPositionals` for the forms the command takes (--name, --name=value,
 * --name value, -x, -xvalue, -x value, grouped -jw, `--` ends the options,
 * the last of a repeated option wins), and one thing it does not: a value
 * that starts with a dash but is a number or coordinates (`--simulate
 * -33.86,151.21`) is the option's value, not an option.
 *
 * Why not parseArgs: it was the largest single cost of a `whereami` start
 * after Node's own. Its two internal modules are compiled, and its functions
 * parsed, in every process (about 5 million instructions under callgrind,
 * 6% of `node -e 0`), while this file rides in the command's code cache.
 */

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
}

export interface SplitArgv<Name extends string> {
  values: Partial<Record<Name, string | boolean>>;
  positionals: string[];
}

/** A malformed command line; the message names the option and what was wrong. */
export class ArgvError extends Error {
  override readonly name = 'ArgvError';
}

/** A separate argument that starts with a dash is a value only when it reads as a number or coordinates. */
const NEGATIVE_VALUE = /^-[\d.]/;

export function splitArgv<Name extends string>(argv: readonly string[], options: Readonly<Record<Name, OptionSpec>>): SplitArgv<Name> {
  const names = Object.keys(options) as Name[];
  const byShort = new Map<string, Name>();
  for (const name of names) {
    const short = options[name].short;
    if (short !== undefined) byShort.set(short, name);
  }
  const values: Partial<Record<Name, string | boolean>> = {};
  const positionals: string[] = [];

  /** The value of a string option given as the next argument, which it consumes. */
  const nextValue = (index: number, name: Name, shown: string): string => {
    const next = argv[index + 1];
    if (next === undefined || (next.startsWith('-') && next !== '-' && !NEGATIVE_VALUE.test(next))) {
      throw new ArgvError(
        next === undefined
          ? `option '${shown}' argument missing`
          : `option '${shown}' argument missing (to give a value that starts with a dash, write --${name}=${next})`,
      );
    }
    return next;
  };

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const shown = equals === -1 ? arg : arg.slice(0, equals);
      const name = shown.slice(2) as Name;
      if (!Object.hasOwn(options, name)) throw new ArgvError(`unknown option '${shown}'`);
      if (options[name].type === 'boolean') {
        if (equals !== -1) throw new ArgvError(`option '${shown}' does not take an argument`);
        values[name] = true;
      } else if (equals !== -1) {
        values[name] = arg.slice(equals + 1);
      } else {
        values[name] = nextValue(index, name, shown);
        index += 1;
      }
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    // One or more short options: -j, -jw, -fVALUE, -jf VALUE.
    for (let at = 1; at < arg.length; at += 1) {
      const letter = arg[at] as string;
      const name = byShort.get(letter);
      if (name === undefined) throw new ArgvError(`unknown option '-${letter}'`);
      if (options[name].type === 'boolean') {
        values[name] = true;
        continue;
      }
      if (at + 1 < arg.length) {
        values[name] = arg.slice(at + 1);
      } else {
        values[name] = nextValue(index, name, `-${letter}`);
        index += 1;
      }
      break;
    }
  }
  return { values, positionals };
}
