/**
 * Scripted CoreLocation scenarios: CLGeocoder through the bridge built
 * against the double (serialized, cached, errors, rate limit, cancel).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NativeBackend } from '../../src/backends/native-backend.js';
import type { NativeProvider } from '../../src/backends/native-binding.js';
import { answer, geocode } from './support/calls.js';
import { CL, doubleAvailable, freshProvider, loadDouble, type DoubleBinding, type DoublePlace } from './support/double.js';

const EIFFEL: DoublePlace = {
  latitude: 48.8584,
  longitude: 2.2945,
  name: 'Tour Eiffel',
  street: 'Avenue Anatole France',
  streetNumber: '5',
  city: 'Paris',
  district: '7e Arrondissement',
  region: 'Île-de-France',
  postalCode: '75007',
  country: 'France',
  isoCountryCode: 'FR',
  timeZone: 'Europe/Paris',
};

describe.skipIf(!doubleAvailable())('CoreLocation bridge: geocoding (double)', () => {
  let binding: DoubleBinding;
  let backend: NativeBackend | undefined;
  beforeAll(() => {
    binding = loadDouble();
  });
  afterEach(() => backend?.close());
  const open = () => {
    const made = freshProvider(binding);
    backend = made.backend;
    return made;
  };
  const forward = (native: NativeProvider, text: string) =>
    answer<unknown[]>((cb) => native.forwardGeocode(text, cb));

  it('reverse-geocodes to every address field, and caches the answer', async () => {
    const { native, double } = open();
    double.setPlaces([EIFFEL]);
    const first = await geocode(native, 48.8584, 2.2945);
    expect(first).toEqual({ ok: true, value: [{ ...EIFFEL, accuracy: 0 }] });
    const again = await geocode(native, 48.8584, 2.2945);
    expect(again).toEqual(first);
    expect(double.counters().geocodes).toBe(1);
  });

  it('forward-geocodes text to candidate places', async () => {
    const { native, double } = open();
    double.setPlaces([EIFFEL, { latitude: 36.1, longitude: -115.17, name: 'Paris Las Vegas', country: 'United States' }]);
    const outcome = await forward(native, 'Eiffel Tower');
    expect(outcome.ok && outcome.value).toHaveLength(2);
  });

  it('runs one request at a time however many are asked at once', async () => {
    const { native, double } = open();
    double.setPlaces([EIFFEL]);
    double.setGeocodeDelay(10);
    // The last one repeats the first: answered from the cache, not asked again.
    const all = await Promise.all([0, 1, 2, 3, 4, 5, 0].map((i) => geocode(native, 48 + i, 2)));
    expect(all.every((o) => o.ok)).toBe(true);
    expect(double.counters().geocodes).toBe(6);
    expect(double.counters().maxConcurrentGeocodes).toBe(1);
  });

  it('maps no result, a network failure, and the rate limit to their own codes', async () => {
    const { native, double } = open();
    double.queueGeocodeError(CL.errorGeocodeFoundNoResult);
    expect(await geocode(native, 1, 1)).toMatchObject({ ok: false, error: { code: 'GEOCODER_NOT_FOUND' } });
    double.setPlaces([EIFFEL]);
    double.queueGeocodeError(CL.errorNetwork);
    // Apple reports its per-app limit as kCLErrorNetwork: after recent requests it is the limit.
    expect(await geocode(native, 2, 2)).toMatchObject({
      ok: false,
      error: { code: 'GEOCODER_RATE_LIMITED', domain: 'kCLErrorDomain', nativeCode: CL.errorNetwork },
    });
  });

  it('maps a lone network failure to NETWORK', async () => {
    const { native, double } = open();
    double.queueGeocodeError(CL.errorNetwork);
    expect(await geocode(native, 3, 3)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('cancels the request in flight and the queued ones with ABORTED, once each', async () => {
    const { native, double } = open();
    double.setPlaces([EIFFEL]);
    double.setGeocodeDelay(200);
    const results: unknown[] = [];
    const ids = [1, 2, 3].map((i) => native.reverseGeocode(10 + i, 0, (error, value) => results.push(error ?? value)));
    native.cancel(ids[1] as number); // queued
    native.cancel(ids[0] as number); // in flight
    await new Promise((r) => setTimeout(r, 400));
    expect(results).toHaveLength(3);
    expect(results.slice(0, 2)).toEqual([
      // the queued one settles first: it is cancelled first
      expect.objectContaining({ code: 'ABORTED' }),
      expect.objectContaining({ code: 'ABORTED' }),
    ]);
    expect(Array.isArray(results[2])).toBe(true);
  });
});
