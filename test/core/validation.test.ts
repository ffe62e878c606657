import { describe, expect, it } from 'vitest';
import { Locator } from '../../src/locator.js';
import { DEFAULT_TIMEOUT_MS, normalizeRequestOptions, type NormalizedRequestOptions } from '../../src/options.js';
import { ManualBackend, fixAt } from '../support/manual-backend.js';
import { ACCURACY_LEVELS, type LocationOptions, type WatchOptions } from '../../src/types.js';

type Row = [string, unknown, typeof TypeError | typeof RangeError, RegExp];

const requestRows: Row[] = [
  ['options not an object', 5, TypeError, /options must be an object/],
  ['options null', null, TypeError, /options must be an object/],
  ['options array', [], TypeError, /options must be an object/],
  ['timeout string', { timeout: '100' }, TypeError, /options\.timeout.*"100"/],
  ['timeout NaN', { timeout: NaN }, TypeError, /options\.timeout.*NaN/],
  ['timeout negative', { timeout: -1 }, RangeError, /options\.timeout.*-1/],
  ['timeout beyond a timer', { timeout: 2 ** 31 }, RangeError, /options\.timeout.*2147483648/],
  ['maximumAge string', { maximumAge: 'old' }, TypeError, /options\.maximumAge.*"old"/],
  ['maximumAge negative', { maximumAge: -5 }, RangeError, /options\.maximumAge.*-5/],
  ['accuracy unknown level', { accuracy: 'perfect' }, RangeError, /options\.accuracy.*"perfect"/],
  ['accuracy negative', { accuracy: -10 }, RangeError, /options\.accuracy.*-10/],
  ['accuracy Infinity', { accuracy: Infinity }, RangeError, /options\.accuracy.*Infinity/],
  ['accuracy boolean', { accuracy: true }, TypeError, /options\.accuracy.*true/],
  ['accuracy from the prototype', { accuracy: 'toString' }, RangeError, /options\.accuracy.*"toString"/],
  ['signal not a signal', { signal: {} }, TypeError, /options\.signal.*an object/],
  ['backend unknown', { backend: 'gps' }, RangeError, /options\.backend.*"gps"/],
  ['backend number', { backend: 1 }, TypeError, /options\.backend.*1/],
  ['timeoutIncludesPrompt string', { timeoutIncludesPrompt: 'yes' }, TypeError, /options\.timeoutIncludesPrompt.*"yes"/],
];

const watchRows: Row[] = [
  ['distanceFilter string', { distanceFilter: '5' }, TypeError, /options\.distanceFilter.*"5"/],
  ['distanceFilter negative', { distanceFilter: -1 }, RangeError, /options\.distanceFilter.*-1/],
  ['distanceFilter Infinity', { distanceFilter: Infinity }, RangeError, /options\.distanceFilter.*Infinity/],
  ['watch timeout negative', { timeout: -1 }, RangeError, /options\.timeout/],
];

describe('option validation', () => {
  it.each(requestRows)('getLocation rejects %s', async (_name, options, errorType, message) => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const error = await locator.getLocation(options as LocationOptions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorType);
    expect((error as Error).message).toMatch(message);
    expect(backend.requests).toHaveLength(0);
  });

  it.each([...requestRows.filter(([name]) => !name.startsWith('maximumAge')), ...watchRows])(
    'watch throws for %s',
    (_name, options, errorType, message) => {
      const backend = new ManualBackend();
      const locator = new Locator(() => backend);
      const listener = { location: () => undefined, error: () => undefined };
      expect(() => locator.watch(options as WatchOptions, listener)).toThrow(errorType);
      expect(() => locator.watch(options as WatchOptions, listener)).toThrow(message);
      expect(backend.watches).toHaveLength(0);
    },
  );

  const signal = new AbortController().signal;
  const goodRows: [string, LocationOptions, Partial<NormalizedRequestOptions>][] = [
    ['no options', {}, { timeout: DEFAULT_TIMEOUT_MS, maximumAge: 0, accuracy: 100, backend: 'auto', timeoutIncludesPrompt: false }],
    // timeout 0 with nothing cached times out at once (W3C), without asking the provider: tested below.
    ['timeout Infinity', { timeout: Infinity }, { timeout: Infinity }],
    ['maximumAge Infinity', { maximumAge: Infinity }, { maximumAge: Infinity }],
    ['accuracy best', { accuracy: 'best' }, { accuracy: 0 }],
    ['accuracy ACCURACY_LEVELS.best (0 metres)', { accuracy: ACCURACY_LEVELS.best }, { accuracy: 0 }],
    ['accuracy threeKilometers', { accuracy: 'threeKilometers' }, { accuracy: 3000 }],
    ['accuracy in metres', { accuracy: 42.5 }, { accuracy: 42.5 }],
    ['a signal', { signal }, { signal }],
    ['backend auto', { backend: 'auto' }, { backend: 'auto' }],
    ['timeoutIncludesPrompt', { timeoutIncludesPrompt: true }, { timeoutIncludesPrompt: true }],
  ];

  it.each(goodRows)('accepts %s and normalizes it', async (_name, options, expected) => {
    expect(normalizeRequestOptions(options)).toMatchObject(expected);
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const outcome = locator.getLocation(options).then(
      (fix) => fix,
      (error: unknown) => error,
    );
    await new Promise((r) => setImmediate(r));
    // A valid row reaches the provider with its normalized accuracy and maximumAge, then resolves.
    expect(backend.requests).toHaveLength(1);
    const normalized = normalizeRequestOptions(options);
    expect(backend.requests[0]?.request).toMatchObject({ accuracy: normalized.accuracy, maximumAge: normalized.maximumAge });
    backend.requests[0]?.resolve(fixAt(1, 2));
    expect(await outcome).toMatchObject({ latitude: 1, longitude: 2 });
  });

  it('accepts timeout 0: with nothing cached, TIMEOUT at once, not an argument error', async () => {
    expect(normalizeRequestOptions({ timeout: 0 })).toMatchObject({ timeout: 0 });
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    await expect(locator.getLocation({ timeout: 0 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});
