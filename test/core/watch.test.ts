import { describe, expect, it } from 'vitest';
import { LocationError } from '../../src/errors.js';
import { createLocationWatch } from '../../src/location-stream.js';
import { Locator } from '../../src/locator.js';
import type { Location } from '../../src/types.js';
import { ManualBackend, fixAt, flush, recorder } from '../support/manual-backend.js';

describe('watch fan-out', () => {
  it('shares one provider watch among watchers and stops it with the last one', () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const a = recorder();
    const b = recorder();
    const subA = locator.watch({}, a.listener);
    const subB = locator.watch({}, b.listener);
    expect(backend.watches).toHaveLength(1);
    backend.watches[0]?.sink.location(fixAt(1, 1));
    expect(a.fixes).toHaveLength(1);
    expect(b.fixes).toHaveLength(1);
    subA.stop();
    expect(backend.watches[0]?.stopped).toBe(false);
    subB.stop();
    subB.stop();
    expect(backend.watches[0]?.stopped).toBe(true);
    expect(subB.active).toBe(false);
  });

  it('restarts the provider watch when a watcher needs finer updates', () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    locator.watch({ accuracy: 'kilometer', distanceFilter: 100 }, recorder().listener);
    locator.watch({ accuracy: 'kilometer', distanceFilter: 500 }, recorder().listener);
    expect(backend.watches).toHaveLength(1);
    locator.watch({ accuracy: 'nearestTenMeters', distanceFilter: 5 }, recorder().listener);
    expect(backend.watches).toHaveLength(2);
    expect(backend.watches[0]?.stopped).toBe(true);
    expect(backend.watches[1]?.request).toEqual({ accuracy: 10, approximate: false, distanceFilter: 5 });
  });

  it("applies each watcher's own distance filter", () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const near = recorder();
    const far = recorder();
    locator.watch({ distanceFilter: 0 }, near.listener);
    locator.watch({ distanceFilter: 1000 }, far.listener);
    const sink = backend.watches[0]?.sink;
    sink?.location(fixAt(0, 0));
    sink?.location(fixAt(0.001, 0)); // ~111 m
    sink?.location(fixAt(0.02, 0)); // ~2.2 km from the start
    expect(near.fixes).toHaveLength(3);
    expect(far.fixes.map((f) => f.latitude)).toEqual([0, 0.02]);
  });

  it('ends every watcher on a provider failure, and a later watch starts afresh', () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const a = recorder();
    const sub = locator.watch({}, a.listener);
    backend.watches[0]?.sink.error(new LocationError('PERMISSION_DENIED', 'no'));
    expect(a.errors).toEqual([['PERMISSION_DENIED', true]]);
    expect(sub.active).toBe(false);
    locator.watch({}, recorder().listener);
    expect(backend.watches).toHaveLength(2);
  });

  it('reports a non-fatal TIMEOUT when no fix comes in time, and goes on', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const a = recorder();
    const sub = locator.watch({ timeout: 20 }, a.listener);
    await new Promise((r) => setTimeout(r, 40));
    expect(a.errors).toEqual([['TIMEOUT', false]]);
    expect(sub.active).toBe(true);
    backend.watches[0]?.sink.location(fixAt(1, 1));
    expect(a.fixes).toHaveLength(1);
    sub.stop();
  });

  it('ends a watcher whose signal aborts, leaving the others', () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const controller = new AbortController();
    const a = recorder();
    const b = recorder();
    locator.watch({ signal: controller.signal }, a.listener);
    locator.watch({}, b.listener);
    controller.abort();
    expect(a.errors).toEqual([['ABORTED', true]]);
    backend.watches[0]?.sink.location(fixAt(1, 1));
    expect(a.fixes).toHaveLength(0);
    expect(b.fixes).toHaveLength(1);
  });

  it('feeds the maximumAge cache from watch fixes', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    locator.watch({ accuracy: 'best' }, recorder().listener);
    backend.watches[0]?.sink.location(fixAt(9, 9));
    await expect(locator.getLocation({ maximumAge: 1000 })).resolves.toMatchObject({ latitude: 9 });
    expect(backend.requests).toHaveLength(0);
  });

  it('keeps delivering to other watchers when one listener throws', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const b = recorder();
    const thrown: unknown[] = [];
    const onUncaught = (e: unknown): void => void thrown.push(e);
    // The hub rethrows a listener's exception on its own turn, as an uncaught
    // exception: catch it here alone, so the runner does not count it as its own.
    const runnerListeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      locator.watch({}, { location: () => { throw new Error('listener bug'); }, error: () => undefined });
      locator.watch({}, b.listener);
      backend.watches[0]?.sink.location(fixAt(1, 1));
      expect(b.fixes).toHaveLength(1);
      await flush();
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      for (const listener of runnerListeners) process.on('uncaughtException', listener);
    }
    // Not swallowed: the listener's own exception surfaces, once, unchanged.
    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(Error);
    expect((thrown[0] as Error).message).toBe('listener bug');
  });
});

describe('watch as an async iterator', () => {
  it('yields fixes in order, none lost, and stops the provider on break', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const watch = createLocationWatch((listener) => locator.watch({}, listener));
    expect(backend.watches).toHaveLength(0); // lazy until the first next()
    const first = watch.next();
    expect(backend.watches).toHaveLength(1);
    for (let i = 0; i < 100; i += 1) backend.watches[0]?.sink.location(fixAt(i, 0));
    const seen: number[] = [((await first).value as Location).latitude];
    for await (const fix of watch) {
      seen.push(fix.latitude);
      if (seen.length === 100) break;
    }
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(backend.watches[0]?.stopped).toBe(true);
    await expect(watch.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('throws a fatal error from next(), once, then is done', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const watch = createLocationWatch((listener) => locator.watch({}, listener));
    const pending = watch.next();
    backend.watches[0]?.sink.error(new LocationError('SERVICES_DISABLED', 'off'));
    await expect(pending).rejects.toMatchObject({ code: 'SERVICES_DISABLED' });
    await expect(watch.next()).resolves.toMatchObject({ done: true });
  });

  it('resolves a pending next() as done when stopped', async () => {
    const backend = new ManualBackend();
    const locator = new Locator(() => backend);
    const watch = createLocationWatch((listener) => locator.watch({}, listener));
    const pending = watch.next();
    watch.stop();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(backend.watches[0]?.stopped).toBe(true);
  });

  it('rejects the first next() when the subscription cannot start', async () => {
    const watch = createLocationWatch(() => {
      throw new LocationError('UNSUPPORTED_PLATFORM', 'none');
    });
    await expect(watch.next()).rejects.toMatchObject({ code: 'UNSUPPORTED_PLATFORM' });
    await expect(watch.next()).resolves.toMatchObject({ done: true });
  });
});
