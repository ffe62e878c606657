/** Geocoding through the backend, with the same timeout and abort rules as fixes. */
import type { Place } from './backends/contract.js';
import { helperGeocodesInstead } from './backends/geocode-route.js';
import { LocationError, abortError, asLocationError } from './errors.js';
import { normalizeRequestOptions } from './options.js';
import type { Locator } from './locator.js';
import type { BackendChoice } from './types.js';

export interface GeocodeOptions {
  /** Milliseconds. Default 30000. */
  timeout?: number;
  signal?: AbortSignal;
  backend?: BackendChoice;
}


export async function geocodeWith(
  locator: Locator,
  options: GeocodeOptions | undefined,
  run: (backend: ReturnType<Locator['backendFor']>, signal: AbortSignal) => Promise<Place[]>,
): Promise<Place[]> {
  const { timeout, signal, backend: choice } = normalizeRequestOptions(options);
  if (signal?.aborted) throw abortError(signal);
  const backend = locator.backendFor(choice);
  const controller = new AbortController();
  return new Promise<Place[]>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      controller.abort();
      finish(() => reject(abortError(signal as AbortSignal)));
    };
    const timer =
      timeout === Infinity
        ? undefined
        : setTimeout(() => {
            controller.abort();
            finish(() => reject(new LocationError('TIMEOUT', `The geocoder did not answer within ${timeout} ms.`)));
          }, timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
    runRouted(locator, choice, backend, controller.signal, run).then(
      (places) => finish(() => resolve(places)),
      (error: unknown) => finish(() => reject(asLocationError(error))),
    );
  });
}

/**
 * A backend that cannot geocode in this process (see helperGeocodesInstead)
 * hands the question to the helper under `auto`; a backend chosen by name
 * (the option, or WHEREAMI_BACKEND) is kept.
 */
async function runRouted(
  locator: Locator,
  choice: BackendChoice,
  backend: ReturnType<Locator['backendFor']>,
  signal: AbortSignal,
  run: (backend: ReturnType<Locator['backendFor']>, signal: AbortSignal) => Promise<Place[]>,
): Promise<Place[]> {
  try {
    return await run(backend, signal);
  } catch (error: unknown) {
    const forced = process.env['WHEREAMI_BACKEND'];
    const routable =
      choice === 'auto' &&
      (forced === undefined || forced === '' || forced === 'auto') &&
      helperGeocodesInstead(backend, error);
    if (!routable || signal.aborted) throw error;
    return run(locator.backendFor('helper'), signal);
  }
}
