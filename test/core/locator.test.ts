import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';
import { ManualBackend, fixAt, flush } from '../support/manual-backend.js';

function setup(options = {}) {
  const backend = new ManualBackend();
  const locator = new Locator(() => backend, options);
  return { backend, locator };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('coalescing', () => {
  it('serves 1,000 concurrent requests with one provider request', async () => {
    const { backend, locator } = setup();
    const all = Array.from({ length: 1000 }, () => locator.getLocation());
    await flush();
    expect(backend.requests).toHaveLength(1);
    backend.requests[0]?.resolve(fixAt(1, 2));
    const fixes = await Promise.all(all);
    expect(fixes).toHaveLength(1000);
    expect(new Set(fixes).size).toBe(1000); // each caller gets its own copy
    for (const fix of fixes) expect(fix).toMatchObject({ latitude: 1, longitude: 2 });
  });

  it('does not answer a request for better accuracy with a coarser flight', async () => {
    const { backend, locator } = setup();
    const coarse = locator.getLocation({ accuracy: 'kilometer' });
    const fine = locator.getLocation({ accuracy: 'nearestTenMeters' });
    const coarseToo = locator.getLocation({ accuracy: 3000 });
    await flush();
    expect(backend.requests.map((r) => r.request.accuracy)).toEqual([1000, 10]);
    backend.requests[0]?.resolve(fixAt(1, 1, { accuracy: 800 }));
    await expect(coarse).resolves.toMatchObject({ accuracy: 800 });
    await expect(coarseToo).resolves.toMatchObject({ accuracy: 800 });
    backend.requests[1]?.resolve(fixAt(1, 1, { accuracy: 8 }));
    await expect(fine).resolves.toMatchObject({ accuracy: 8 });
  });

  it('lets a coarse request join a finer flight', async () => {
    const { backend, locator } = setup();
    const fine = locator.getLocation({ accuracy: 'best' });
    const coarse = locator.getLocation({ accuracy: 'kilometer' });
    await flush();
    expect(backend.requests).toHaveLength(1);
    backend.requests[0]?.resolve(fixAt(3, 4));
    await Promise.all([fine, coarse]);
  });

  it('does not join a provider request that has run longer than the caller would wait', async () => {
    vi.useFakeTimers();
    const { backend, locator } = setup();
    const patient = locator.getLocation({ timeout: 60_000 });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(10_000); // the first request hangs
    const hurried = locator.getLocation({ timeout: 5_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.requests).toHaveLength(2);
    backend.requests[1]?.resolve(fixAt(4, 4));
    await expect(hurried).resolves.toMatchObject({ latitude: 4 });
    backend.requests[0]?.resolve(fixAt(3, 3));
    await expect(patient).resolves.toMatchObject({ latitude: 3 });
  });

  it('gives a caller that joined later no fix older than its own maximumAge allows', async () => {
    vi.useFakeTimers();
    const { backend, locator } = setup();
    const asked = Date.now();
    const early = locator.getLocation({ maximumAge: 0 });
    await vi.advanceTimersByTimeAsync(300);
    const late = locator.getLocation({ maximumAge: 0 }); // joins the running flight
    const lenient = locator.getLocation({ maximumAge: 1000 }); // joins it too
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.requests).toHaveLength(1);
    // Made after `early` asked, but before `late` did.
    backend.requests[0]?.resolve(fixAt(1, 1, { timestamp: asked + 100 }));
    await expect(early).resolves.toMatchObject({ latitude: 1 });
    await expect(lenient).resolves.toMatchObject({ latitude: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.requests).toHaveLength(2);
    expect(backend.requests[1]?.request.maximumAge).toBe(0);
    backend.requests[1]?.resolve(fixAt(2, 2));
    await expect(late).resolves.toMatchObject({ latitude: 2 });
  });

  it('shares a provider failure with every waiter, then asks afresh', async () => {
    const { backend, locator } = setup();
    const a = locator.getLocation();
    const b = locator.getLocation();
    await flush();
    backend.requests[0]?.reject(new LocationError('POSITION_UNAVAILABLE', 'nothing'));
    await expect(a).rejects.toMatchObject({ code: 'POSITION_UNAVAILABLE' });
    await expect(b).rejects.toMatchObject({ code: 'POSITION_UNAVAILABLE' });
    const c = locator.getLocation();
    await flush();
    expect(backend.requests).toHaveLength(2);
    backend.requests[1]?.resolve(fixAt(0, 0));
    await expect(c).resolves.toMatchObject({ latitude: 0 });
  });

  it('wraps a non-LocationError from a provider as BACKEND_FAILURE', async () => {
    const { backend, locator } = setup();
    const a = locator.getLocation();
    await flush();
    backend.requests[0]?.reject(new TypeError('boom') as never);
    await expect(a).rejects.toMatchObject({ code: 'BACKEND_FAILURE' });
    await expect(a).rejects.toThrow(/boom/);
  });
});

describe('maximumAge cache', () => {
  it('returns a fresh enough fix without asking the provider', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6));
    await first;
    await expect(locator.getLocation({ maximumAge: 60_000 })).resolves.toMatchObject({ latitude: 5 });
    expect(backend.requests).toHaveLength(1);
  });

  it('asks again when the cached fix is too old, too coarse, or maximumAge is 0', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation({ accuracy: 'kilometer' });
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6, { timestamp: Date.now() - 10_000, accuracy: 500 }));
    await first;
    void locator.getLocation({ maximumAge: 5_000, accuracy: 'kilometer' }); // too old
    void locator.getLocation({ maximumAge: 60_000, accuracy: 'nearestTenMeters' }); // too coarse
    void locator.getLocation({ maximumAge: 0 }); // never cached
    await flush();
    // None can share: the fresh-only request cannot join flights that accept older OS fixes.
    expect(backend.requests.map((r) => [r.request.accuracy, r.request.maximumAge])).toEqual([
      [1000, 0],
      [1000, 5000],
      [10, 60_000],
      [100, 0],
    ]);
    await expect(locator.getLocation({ maximumAge: 60_000, accuracy: 'kilometer' })).resolves.toMatchObject({
      accuracy: 500,
    });
  });

  it('a fix asked for best serves later coarser requests even if its accuracy is larger', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation({ accuracy: 'best' });
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6, { accuracy: 150 }));
    await first;
    await expect(locator.getLocation({ maximumAge: 60_000, accuracy: 'hundredMeters' })).resolves.toMatchObject({
      accuracy: 150,
    });
    expect(backend.requests).toHaveLength(1);
  });

  it('forgets the cached fix once the provider says access is refused', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6));
    await first;
    const refused = locator.getLocation({ accuracy: 'best' });
    await flush();
    backend.requests[1]?.reject(new LocationError('PERMISSION_DENIED', 'revoked'));
    await expect(refused).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    void locator.getLocation({ maximumAge: 60_000 }).catch(() => undefined);
    await flush();
    expect(backend.requests).toHaveLength(3);
  });

  it('clearCache() makes the next request ask the provider', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6));
    await first;
    locator.clearCache();
    void locator.getLocation({ maximumAge: 60_000 }).catch(() => undefined);
    await flush();
    expect(backend.requests).toHaveLength(2);
  });

  it('returns copies, so a caller cannot change the cache', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(5, 6));
    (await first).latitude = 99;
    const cached = await locator.getLocation({ maximumAge: 60_000 });
    expect(cached.latitude).toBe(5);
  });
});

describe('timeouts, aborts and settling once', () => {
  it('times out a provider that never answers, and cancels the provider request', async () => {
    const { backend, locator } = setup();
    const error = await locator.getLocation({ timeout: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocationError);
    expect(error).toMatchObject({ code: 'TIMEOUT', w3cCode: 3 });
    expect(backend.requests[0]?.aborted).toBe(true);
  });

  it('timeout 0 times out unless the cache answers', async () => {
    const { backend, locator } = setup();
    await expect(locator.getLocation({ timeout: 0 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(backend.requests).toHaveLength(0); // the provider is not even asked
    const first = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(1, 1));
    await first;
    await expect(locator.getLocation({ timeout: 0, maximumAge: 60_000 })).resolves.toMatchObject({ latitude: 1 });
  });

  it('keeps the shared provider request while another caller still waits', async () => {
    const { backend, locator } = setup();
    const short = locator.getLocation({ timeout: 10 });
    const long = locator.getLocation({ timeout: 10_000 });
    await expect(short).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(backend.requests[0]?.aborted).toBe(false);
    backend.requests[0]?.resolve(fixAt(2, 2));
    await expect(long).resolves.toMatchObject({ latitude: 2 });
  });

  it('rejects with ABORTED on abort, and at once for an aborted signal', async () => {
    const { backend, locator } = setup();
    const controller = new AbortController();
    const pending = locator.getLocation({ signal: controller.signal });
    await flush();
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    expect(backend.requests[0]?.aborted).toBe(true);
    await expect(locator.getLocation({ signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(backend.requests).toHaveLength(1);
  });

  it('an abort that lands before the answer and the timeout wins, and leaves no abort listener or timer behind', async () => {
    vi.useFakeTimers();
    const { backend, locator } = setup();
    const controller = new AbortController();
    const outcomes: string[] = [];
    const pending = locator.getLocation({ signal: controller.signal, timeout: 5 }).then(
      () => outcomes.push('resolved'),
      (e: LocationError) => outcomes.push(e.code),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1); // the caller's timeout
    // The answer is queued as a promise reaction; the abort runs first, synchronously.
    backend.requests[0]?.resolve(fixAt(1, 1));
    controller.abort();
    await pending;
    expect(outcomes).toEqual(['ABORTED']);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(backend.requests[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(50); // past the timeout: nothing more arrives
    expect(outcomes).toEqual(['ABORTED']);
  });

  it('does not count a permission prompt against the timeout, unless asked to', async () => {
    vi.useFakeTimers();
    const { backend, locator } = setup({ promptLimitMs: 60_000 });
    const patient = locator.getLocation({ timeout: 1000 });
    const strict = locator.getLocation({ timeout: 1000, timeoutIncludesPrompt: true });
    const strictResult = strict.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    backend.requests[0]?.request.onPrompt?.(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await strictResult).toMatchObject({ code: 'TIMEOUT' });
    backend.requests[0]?.request.onPrompt?.(false);
    await vi.advanceTimersByTimeAsync(500);
    backend.requests[0]?.resolve(fixAt(7, 7));
    await expect(patient).resolves.toMatchObject({ latitude: 7 });
  });

  it('still ends a request whose prompt is never answered', async () => {
    vi.useFakeTimers();
    const { backend, locator } = setup({ promptLimitMs: 2000 });
    const pending = locator.getLocation({ timeout: 1000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    backend.requests[0]?.request.onPrompt?.(true);
    await vi.advanceTimersByTimeAsync(2001);
    const error = (await pending) as LocationError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/prompt/);
  });

  it('leaves no timer behind once every request has settled', async () => {
    const { backend, locator } = setup();
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const all = Array.from({ length: 50 }, () => locator.getLocation({ timeout: 60_000 }));
    await flush();
    backend.requests[0]?.resolve(fixAt(1, 1));
    await Promise.all(all);
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
