/**
 * Geocoding under `auto`: the in-process CoreLocation addon says
 * NOT_SUPPORTED where the main run loop never runs (plain node), and the
 * helper answers instead; a backend chosen by name keeps its answer.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, BackendIdentity, Place } from '../../src/backends/contract.js';
import { LocationError } from '../../src/errors.js';
import { geocodeWith } from '../../src/geocode.js';
import type { Locator } from '../../src/locator.js';
import type { BackendChoice } from '../../src/types.js';

const PLACE: Place = { latitude: 1, longitude: 2, name: 'from the helper' };

function fakeBackend(info: BackendIdentity, answer: () => Promise<Place[]>): Backend {
  return { info, reverseGeocode: answer } as unknown as Backend;
}

function fakeLocator(addonError: LocationError): { locator: Locator; asked: BackendChoice[] } {
  const asked: BackendChoice[] = [];
  const addon = fakeBackend({ name: 'addon', provider: 'corelocation' }, () => Promise.reject(addonError));
  const helper = fakeBackend({ name: 'helper', provider: 'corelocation' }, () => Promise.resolve([PLACE]));
  const locator = {
    backendFor(choice: BackendChoice = 'auto') {
      asked.push(choice);
      return choice === 'helper' ? helper : addon;
    },
  } as unknown as Locator;
  return { locator, asked };
}

const reverse = (backend: Backend, signal: AbortSignal) => backend.reverseGeocode({ latitude: 1, longitude: 2 }, signal);
const notSupported = () => new LocationError('NOT_SUPPORTED', 'no main run loop here');

describe('geocoding routes around an addon that cannot geocode', () => {
  it('asks the helper under auto when the CoreLocation addon says NOT_SUPPORTED', async () => {
    const { locator, asked } = fakeLocator(notSupported());
    await expect(geocodeWith(locator, {}, reverse)).resolves.toEqual([PLACE]);
    expect(asked).toEqual(['auto', 'helper']);
  });

  it("keeps NOT_SUPPORTED when backend: 'addon' was asked for by name", async () => {
    const { locator, asked } = fakeLocator(notSupported());
    await expect(geocodeWith(locator, { backend: 'addon' }, reverse)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect(asked).toEqual(['addon']);
  });

  it('keeps NOT_SUPPORTED when WHEREAMI_BACKEND=addon forced the addon', async () => {
    const { locator, asked } = fakeLocator(notSupported());
    process.env['WHEREAMI_BACKEND'] = 'addon';
    try {
      await expect(geocodeWith(locator, {}, reverse)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    } finally {
      delete process.env['WHEREAMI_BACKEND'];
    }
    expect(asked).toEqual(['auto']);
  });

  it('does not reroute other failures', async () => {
    const { locator, asked } = fakeLocator(new LocationError('NETWORK', 'offline'));
    await expect(geocodeWith(locator, {}, reverse)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(asked).toEqual(['auto']);
  });
});
