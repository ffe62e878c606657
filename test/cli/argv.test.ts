// The command line splitter (src/cli/argv.ts): what util.parseArgs does in
// strict mode for every form the command accepts, plus values that start
// with a dash when they are numbers.
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArgvError, splitArgv, type OptionSpec } from '../../src/cli/argv.js';

const OPTIONS = {
  json: { type: 'boolean', short: 'j' },
  watch: { type: 'boolean', short: 'w' },
  format: { type: 'string', short: 'f' },
  simulate: { type: 'string', short: 's' },
  'max-age': { type: 'string', short: 'm' },
  debug: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>;

const split = (...argv: string[]) => splitArgv(argv, OPTIONS);

describe('splitArgv', () => {
  it('reads long options, with the value after = or as the next argument', () => {
    expect(split('--json', '--format=%lat', '--simulate', '1,2', '--max-age', '5s')).toEqual({
      values: { json: true, format: '%lat', simulate: '1,2', 'max-age': '5s' },
      positionals: [],
    });
    expect(split('--format=a=b').values.format).toBe('a=b');
    expect(split('--format=').values.format).toBe('');
  });

  it('reads short options alone, grouped, with the value attached or next', () => {
    expect(split('-j', '-w').values).toEqual({ json: true, watch: true });
    expect(split('-jw').values).toEqual({ json: true, watch: true });
    expect(split('-fVALUE').values).toEqual({ format: 'VALUE' });
    expect(split('-jf', 'VALUE').values).toEqual({ json: true, format: 'VALUE' });
    expect(split('-jfVALUE', 'next')).toEqual({ values: { json: true, format: 'VALUE' }, positionals: ['next'] });
  });

  it('keeps positionals in order, "-" among them, and everything after --', () => {
    expect(split('status', '-', '--json', '--', '--watch', '-j')).toEqual({
      values: { json: true },
      positionals: ['status', '-', '--watch', '-j'],
    });
  });

  it('lets the last of a repeated option win', () => {
    expect(split('--simulate', '1,2', '-s', '3,4').values.simulate).toBe('3,4');
  });

  it('takes a value that starts with a dash when it is a number or coordinates', () => {
    expect(split('--simulate', '-33.86,151.21').values.simulate).toBe('-33.86,151.21');
    expect(split('-s', '-.5,1').values.simulate).toBe('-.5,1');
    expect(split('--simulate=-33.86,151.21').values.simulate).toBe('-33.86,151.21');
  });

  it('names the option and what is wrong, for every malformed line', () => {
    const cases: Array<[string[], string]> = [
      [['--bogus'], "unknown option '--bogus'"],
      [['--bogus=1'], "unknown option '--bogus'"],
      [['-x'], "unknown option '-x'"],
      [['-jx'], "unknown option '-x'"],
      [['--constructor'], "unknown option '--constructor'"],
      [['--__proto__'], "unknown option '--__proto__'"],
      [['--format'], "option '--format' argument missing"],
      [['-f'], "option '-f' argument missing"],
      [['--format', '--json'], "option '--format' argument missing (to give a value that starts with a dash, write --format=--json)"],
      [['-s', '-w'], "option '-s' argument missing (to give a value that starts with a dash, write --simulate=-w)"],
      [['--json=yes'], "option '--json' does not take an argument"],
      [['--json='], "option '--json' does not take an argument"],
    ];
    for (const [argv, message] of cases) {
      expect(() => splitArgv(argv, OPTIONS), argv.join(' ')).toThrow(new ArgvError(message));
    }
  });

  it('agrees with util.parseArgs (strict, positionals allowed) on well-formed lines', () => {
    const lines: string[][] = [
      [],
      ['--json'],
      ['-jw', 'status'],
      ['--format', '%lat %lon', '-w'],
      ['-f%lat', '--debug', 'serve'],
      ['--simulate=1,2,3', '--simulate', '4,5'],
      ['--max-age', '0', '-m1s', '--', '-j'],
      ['status', '-', '--watch'],
      ['-jwf', 'x', 'y'],
    ];
    for (const argv of lines) {
      const theirs = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
      expect(split(...argv), argv.join(' ')).toEqual({ values: { ...theirs.values }, positionals: theirs.positionals });
    }
  });
});
