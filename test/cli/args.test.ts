import { describe, expect, it } from 'vitest';
import { parseCommand, parseDuration, UsageError, type LocateCommand } from '../../src/cli/args.js';

const locate = (...argv: string[]): LocateCommand => {
  const command = parseCommand(argv);
  if (command.kind !== 'locate') throw new Error(`expected locate, got ${command.kind}`);
  return command;
};

describe('argument parsing', () => {
  it('defaults to one human-readable fix with the library defaults', () => {
    expect(locate()).toEqual({
      kind: 'locate',
      watch: false,
      output: 'human',
      template: undefined,
      address: false,
      timeoutMs: undefined,
      maximumAgeMs: undefined,
      accuracy: undefined,
      approximate: false,
      distance: undefined,
      backend: undefined,
      simulate: undefined,
    });
  });

  it('reads every locate option, long and short', () => {
    const long = locate('--watch', '--json', '--distance', '25', '--timeout', '1.5m', '--accuracy', 'kilometer', '--backend', 'simulated', '--simulate', '1,2', '--address');
    expect(long).toMatchObject({ watch: true, output: 'json', distance: 25, timeoutMs: 90_000, accuracy: 'kilometer', backend: 'simulated', simulate: '1,2', address: true });
    const short = locate('-w', '-j', '-d', '25', '-t', '90', '-a', '50', '-b', 'simulated', '-s', '1,2', '-A');
    expect(short).toMatchObject({ watch: true, output: 'json', distance: 25, timeoutMs: 90_000, accuracy: 50, backend: 'simulated', simulate: '1,2', address: true });
    expect(locate('-m', '500ms')).toMatchObject({ maximumAgeMs: 500 });
    expect(locate('--accuracy', 'BEST')).toMatchObject({ accuracy: 'best' });
    // What the API takes, the command takes: 0 is ACCURACY_LEVELS.best.
    expect(locate('--accuracy', '0')).toMatchObject({ accuracy: 0 });
    expect(locate('--accuracy', '25m')).toMatchObject({ accuracy: 25 });
    expect(locate('--accuracy', ' 2.5 ')).toMatchObject({ accuracy: 2.5 });
    expect(locate('--geojson')).toMatchObject({ output: 'geojson' });
  });

  it('compiles --format up front, and address tokens turn --address on', () => {
    const command = locate('--format', '{city}');
    expect(command.output).toBe('format');
    expect(command.template?.parts).toEqual([{ token: 'city' }]);
    expect(command.address).toBe(true);
    expect(locate('-f', '{lat}').address).toBe(false);
  });

  it('accepts negative numbers as values', () => {
    expect(locate('--simulate', '-33.86,-151.2').simulate).toBe('-33.86,-151.2');
    expect(locate('-s', '-1,2').simulate).toBe('-1,2');
    expect(() => locate('--timeout', '-5')).toThrow(/--timeout must be a duration/);
  });

  it('parses durations: seconds by default, units, inf where allowed', () => {
    expect(parseDuration('10', 'timeout', true)).toBe(10_000);
    expect(parseDuration('0', 'timeout', true)).toBe(0);
    expect(parseDuration('250ms', 'timeout', true)).toBe(250);
    expect(parseDuration('.5s', 'timeout', true)).toBe(500);
    expect(parseDuration('2min', 'timeout', true)).toBe(120_000);
    expect(parseDuration('1h', 'timeout', true)).toBe(3_600_000);
    expect(parseDuration('inf', 'timeout', true)).toBe(Infinity);
    expect(() => parseDuration('inf', 'max-age', false)).toThrow(UsageError);
    expect(() => parseDuration('25d', 'timeout', true)).toThrow(UsageError);
    expect(() => parseDuration('1e3', 'timeout', true)).toThrow(UsageError);
    expect(() => parseDuration('600h', 'timeout', true)).toThrow(/at most 24 days/);
  });

  it('reads the subcommands and their options', () => {
    expect(parseCommand(['status'])).toEqual({ kind: 'status', json: false, backend: undefined, simulate: undefined });
    expect(parseCommand(['request-permission', '--json', '-b', 'helper'])).toEqual({
      kind: 'request-permission',
      json: true,
      backend: 'helper',
      simulate: undefined,
    });
    expect(parseCommand(['status', '--help'])).toEqual({ kind: 'help' });
    expect(parseCommand(['--watch', '--version'])).toEqual({ kind: 'version' });
    expect(() => parseCommand(['status', '--address'])).toThrow("--address does not apply to 'status'");
  });

  it('throws UsageError, never anything else, for bad input', () => {
    for (const argv of [['--nope'], ['a', 'b'], ['--format'], ['-f', '{x}'], ['--accuracy', '-3'], ['--backend']]) {
      expect(() => parseCommand(argv)).toThrow(UsageError);
    }
  });
});
