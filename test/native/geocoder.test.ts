/**
 * Scripted CoreLocation scenarios: CLGeocoder through the bridge built
 * against the double (serialized, cached, errors, rate limit, cancel). The
 * double, like Apple's CLGeocoder, answers on the process's main thread run
 * loop, so these run through the double-built helper, whose main thread runs
 * it; the addon in this plain Node process is held to NOT_SUPPORTED.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NativeBackend } from '../../src/backends/native-backend.js';
import type { NativeProvider } from '../../src/backends/native-binding.js';
import { answer, geocode } from './support/calls.js';
import { CL, doubleAvailable, freshProvider, loadDouble, type DoubleBinding, type DoublePlace } from './support/double.js';
import { doubleHelperAvailable, freshHelper, inOrder, type HelperDoubleScript } from './support/helper-double.js';

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

describe.skipIf(!doubleHelperAvailable())('CoreLocation bridge: geocoding through the helper (double)', () => {
  let backend: NativeBackend | undefined;
  afterEach(() => backend?.close());
  const open = (): { native: NativeProvider; script: HelperDoubleScript } => {
    const made = freshHelper();
    backend = made.backend;
    return { native: made.helper, script: made.script };
  };
  const forward = (native: NativeProvider, text: string) =>
    answer<unknown[]>((cb) => native.forwardGeocode(text, cb));

  it('reverse-geocodes to every address field, and caches the answer', async () => {
    const { native, script } = open();
    inOrder(script.setPlaces([EIFFEL]));
    const first = await geocode(native, 48.8584, 2.2945);
    expect(first).toEqual({ ok: true, value: [{ ...EIFFEL, accuracy: 0 }] });
    const again = await geocode(native, 48.8584, 2.2945);
    expect(again).toEqual(first);
    expect((await script.counters()).geocodes).toBe(1);
  });

  it('forward-geocodes text to candidate places', async () => {
    const { native, script } = open();
    inOrder(
      script.setPlaces([EIFFEL, { latitude: 36.1, longitude: -115.17, name: 'Paris Las Vegas', country: 'United States' }]),
    );
    const outcome = await forward(native, 'Eiffel Tower');
    expect(outcome.ok && outcome.value).toHaveLength(2);
  });

  it('runs one request at a time however many are asked at once', async () => {
    const { native, script } = open();
    inOrder(script.setPlaces([EIFFEL]));
    inOrder(script.setGeocodeDelay(10));
    // The last one repeats the first: answered from the cache, not asked again.
    const all = await Promise.all([0, 1, 2, 3, 4, 5, 0].map((i) => geocode(native, 48 + i, 2)));
    expect(all.every((o) => o.ok)).toBe(true);
    const counters = await script.counters();
    expect(counters.geocodes).toBe(6);
    expect(counters.maxConcurrentGeocodes).toBe(1);
  });

  it('maps no result, a network failure, and the rate limit to their own codes', async () => {
    const { native, script } = open();
    inOrder(script.queueGeocodeError(CL.errorGeocodeFoundNoResult));
    expect(await geocode(native, 1, 1)).toMatchObject({ ok: false, error: { code: 'GEOCODER_NOT_FOUND' } });
    inOrder(script.setPlaces([EIFFEL]));
    inOrder(script.queueGeocodeError(CL.errorNetwork));
    // Apple reports its per-app limit as kCLErrorNetwork: after recent requests it is the limit.
    expect(await geocode(native, 2, 2)).toMatchObject({
      ok: false,
      error: { code: 'GEOCODER_RATE_LIMITED', domain: 'kCLErrorDomain', nativeCode: CL.errorNetwork },
    });
  });

  it('maps a lone network failure to NETWORK', async () => {
    const { native, script } = open();
    inOrder(script.queueGeocodeError(CL.errorNetwork));
    expect(await geocode(native, 3, 3)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('cancels the request in flight and the queued ones with ABORTED, once each', async () => {
    const { native, script } = open();
    inOrder(script.setPlaces([EIFFEL]));
    await script.setGeocodeDelay(300);
    const results: unknown[] = [];
    const settled = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (results.length >= n ? resolve() : setTimeout(check, 5));
        check();
      });
    const ids = [1, 2, 3].map((i) => native.reverseGeocode(10 + i, 0, (error, value) => results.push(error ?? value)));
    native.cancel(ids[1] as number); // queued
    native.cancel(ids[0] as number); // in flight: the double's own cancellation completes later, on the main thread
    await settled(3);
    expect(results.slice(0, 2)).toEqual([
      // the queued one settles first: it is cancelled first
      expect.objectContaining({ code: 'ABORTED' }),
      expect.objectContaining({ code: 'ABORTED' }),
    ]);
    expect(Array.isArray(results[2])).toBe(true);
    // The late kCLErrorGeocodeCanceled of the first request answers no one twice.
    await new Promise((r) => setTimeout(r, 400));
    expect(results).toHaveLength(3);
  });
});

describe.skipIf(!doubleAvailable())('CoreLocation addon: geocoding in a plain Node process (double)', () => {
  let binding: DoubleBinding;
  let backend: NativeBackend | undefined;
  beforeAll(() => {
    binding = loadDouble();
  });
  afterEach(() => backend?.close());

  // CLGeocoder answers on the main thread, which here runs libuv, never the
  // main run loop: a geocode that waited would wait forever.
  it('settles a reverse geocode within 5 s with NOT_SUPPORTED and a hint saying why', async () => {
    const made = freshProvider(binding);
    backend = made.backend;
    made.double.setPlaces([EIFFEL]);
    const started = Date.now();
    const outcome = await Promise.race([
      geocode(made.native, 48.8584, 2.2945),
      new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 5000)),
    ]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcome !== 'still waiting' && !outcome.ok && outcome.error.message).toMatch(/main run loop/);
    // Through the backend, as backend: 'addon' would: the error says what to do instead.
    const failure = await made.backend.reverseGeocode({ latitude: 1, longitude: 2 }, new AbortController().signal).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'NOT_SUPPORTED' });
    expect((failure as { hint?: string }).hint).toMatch(/helper/);
  });

  it('settles a forward geocode the same way', async () => {
    const made = freshProvider(binding);
    backend = made.backend;
    const outcome = await Promise.race([
      answer<unknown[]>((cb) => made.native.forwardGeocode('Eiffel Tower', cb)),
      new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 5000)),
    ]);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
  });
});
