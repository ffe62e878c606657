/**
 * PositionOptions conversion, as WebIDL says: a dictionary with a boolean and
 * two [Clamp] unsigned long members, and the bridge to the core's options.
 */
import { describe, expect, it } from 'vitest';
import {
  clampUnsignedLong,
  convertPositionOptions,
  coreRequestOptions,
  toLong,
  UNSIGNED_LONG_MAX,
} from '../../src/geolocation/options.js';

const convert = (value: unknown) => convertPositionOptions(value, 'getCurrentPosition');
const DEFAULTS = { accuracyMode: 'precise', enableHighAccuracy: false, timeout: 0xffffffff, maximumAge: 0 } as const;

describe('PositionOptions dictionary conversion', () => {
  it('gives the IDL defaults for undefined, null and an empty object', () => {
    expect(convert(undefined)).toEqual(DEFAULTS);
    expect(convert(null)).toEqual(DEFAULTS);
    expect(convert({})).toEqual(DEFAULTS);
    expect(UNSIGNED_LONG_MAX).toBe(4294967295);
  });

  it.each([1, 'abc', true, Symbol('s'), 10n])('throws TypeError for the non-object %s', (value) => {
    expect(() => convert(value)).toThrow(TypeError);
    expect(() => convert(value)).toThrow(/getCurrentPosition: options must be an object/);
  });

  it('accepts any object, functions and arrays included, reading only the three members', () => {
    const fn = Object.assign(() => undefined, { timeout: 5 });
    expect(convert(fn)).toEqual({ ...DEFAULTS, timeout: 5 });
    expect(convert([])).toEqual(DEFAULTS);
    expect(convert({ timeout: 7, unrelated: 'x' })).toEqual({ ...DEFAULTS, timeout: 7 });
  });

  it('reads inherited members too, as dictionaries do', () => {
    const options = Object.create({ maximumAge: 1000 }) as object;
    expect(convert(options).maximumAge).toBe(1000);
  });

  it('reads each member once, in lexicographic order, converting each before reading the next', () => {
    const log: string[] = [];
    const options = {
      get timeout() {
        log.push('get timeout');
        return 1;
      },
      get maximumAge() {
        log.push('get maximumAge');
        return { valueOf: () => (log.push('maximumAge valueOf'), 2) };
      },
      get enableHighAccuracy() {
        log.push('get enableHighAccuracy');
        return true;
      },
      get accuracyMode() {
        log.push('get accuracyMode');
        return { toString: () => (log.push('accuracyMode toString'), 'approximate') };
      },
    };
    expect(convert(options)).toEqual({ accuracyMode: 'approximate', enableHighAccuracy: true, maximumAge: 2, timeout: 1 });
    expect(log).toEqual([
      'get accuracyMode',
      'accuracyMode toString',
      'get enableHighAccuracy',
      'get maximumAge',
      'maximumAge valueOf',
      'get timeout',
    ]);
  });

  it('lets an exception from a getter or valueOf through unchanged', () => {
    const boom = new Error('boom');
    expect(() =>
      convert({
        get timeout(): number {
          throw boom;
        },
      }),
    ).toThrow(boom);
    expect(() => convert({ maximumAge: { valueOf: () => { throw boom; } } })).toThrow(boom);
  });

  it.each([
    ['', false],
    [0, false],
    [NaN, false],
    [null, false],
    ['false', true],
    [1, true],
    [{}, true],
  ])('converts enableHighAccuracy %o with ToBoolean to %s', (value, expected) => {
    expect(convert({ enableHighAccuracy: value }).enableHighAccuracy).toBe(expected);
  });
});

describe('[Clamp] unsigned long (timeout and maximumAge)', () => {
  it.each([
    [0, 0],
    [-0, 0],
    [1000, 1000],
    [-1, 0],
    [-Infinity, 0],
    [NaN, 0],
    [Infinity, 4294967295],
    [1e20, 4294967295],
    [4294967296, 4294967295],
    [4294967294.5, 4294967294],
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [3.5, 4],
    [2.4, 2],
    [2.6, 3],
    [-0.4, 0],
    ['5000', 5000],
    ['  12  ', 12],
    ['abc', 0],
    ['', 0],
    [null, 0],
    [true, 1],
    [[7], 7],
    [{ valueOf: () => 42 }, 42],
  ])('%o becomes %d', (value, expected) => {
    const timeout = convert({ timeout: value }).timeout;
    expect(Object.is(timeout, expected)).toBe(true);
    expect(convert({ maximumAge: value }).maximumAge).toBe(expected);
  });

  it('treats an explicit undefined as absent (default), unlike null (0)', () => {
    expect(convert({ timeout: undefined, maximumAge: undefined })).toEqual(DEFAULTS);
    expect(convert({ timeout: null }).timeout).toBe(0);
  });

  it.each([10n, Symbol('t')])('throws TypeError naming the member for %s, which ToNumber refuses', (value) => {
    expect(() => convert({ timeout: value })).toThrow(TypeError);
    expect(() => convert({ timeout: value })).toThrow(/options\.timeout/);
    expect(() => clampUnsignedLong(value, 'options.maximumAge')).toThrow(/options\.maximumAge/);
  });
});

describe('long (clearWatch watchId)', () => {
  it.each([
    [1, 1],
    ['3', 3],
    [2.9, 2],
    [-2.9, -2],
    [NaN, 0],
    [Infinity, 0],
    [2 ** 32 + 5, 5],
    [2 ** 31, -(2 ** 31)],
    [null, 0],
  ])('%o becomes %d', (value, expected) => {
    expect(toLong(value, 'watchId')).toBe(expected);
  });
});

describe('bridge to the core', () => {
  it('maps the default timeout, and any beyond a timer, to Infinity', () => {
    expect(coreRequestOptions(DEFAULTS)).toEqual({
      timeout: Infinity,
      maximumAge: 0,
      accuracy: 'hundredMeters',
      approximate: false,
    });
    expect(coreRequestOptions({ ...DEFAULTS, timeout: 2 ** 31 - 1 }).timeout).toBe(2 ** 31 - 1);
    expect(coreRequestOptions({ ...DEFAULTS, timeout: 2 ** 31 }).timeout).toBe(Infinity);
    expect(coreRequestOptions({ ...DEFAULTS, maximumAge: 0xffffffff }).maximumAge).toBe(Infinity);
    expect(coreRequestOptions({ ...DEFAULTS, maximumAge: 60_000 }).maximumAge).toBe(60_000);
  });

  it('maps accuracyMode "approximate" to the core\'s approximate option', () => {
    expect(coreRequestOptions({ ...DEFAULTS, accuracyMode: 'approximate' }).approximate).toBe(true);
    expect(coreRequestOptions({ ...DEFAULTS, accuracyMode: 'precise' }).approximate).toBe(false);
  });

  it('asks the core for the best accuracy when enableHighAccuracy is true', () => {
    expect(coreRequestOptions({ ...DEFAULTS, enableHighAccuracy: true }).accuracy).toBe('best');
  });
});

describe('accuracyMode (the AccuracyMode enum of the candidate text)', () => {
  it('takes "precise" and "approximate", and anything whose string is one of them', () => {
    expect(convert({ accuracyMode: 'approximate' }).accuracyMode).toBe('approximate');
    expect(convert({ accuracyMode: 'precise' }).accuracyMode).toBe('precise');
    expect(convert({ accuracyMode: ['approximate'] }).accuracyMode).toBe('approximate');
  });

  it.each(['Approximate', 'coarse', '', null, 1, {}])('rejects %o with a TypeError naming the member', (value) => {
    expect(() => convert({ accuracyMode: value })).toThrow(TypeError);
    expect(() => convert({ accuracyMode: value })).toThrow(/options\.accuracyMode must be one of "precise", "approximate"/);
  });

  it('rejects a symbol with a TypeError', () => {
    expect(() => convert({ accuracyMode: Symbol('approximate') })).toThrow(TypeError);
  });
});
