/**
 * Approximate requests in the core: the cache and coalescing keep precise and
 * approximate apart, and whatever the provider sends, an approximate caller
 * gets only the coarsened fix.
 */
import { describe, expect, it } from 'vitest';
import { coarsen } from '../../src/coarsen.js';
import { Locator } from '../../src/locator.js';
import type { Location } from '../../src/types.js';
import { ManualBackend, fixAt, flush, recorder } from '../support/manual-backend.js';

function setup() {
  const backend = new ManualBackend();
  const locator = new Locator(() => backend);
  return { backend, locator };
}

const precise = (extra: Partial<Location> = {}): Location =>
  fixAt(52.5201, 13.4049, { altitude: 40, speed: 1.5, course: 80, floor: 3, accuracy: 8, ...extra });

describe('approximate requests', () => {
  it('tell the provider, and get the coarsened fix whatever the provider sent', async () => {
    const { backend, locator } = setup();
    const answer = locator.getLocation({ approximate: true });
    await flush();
    expect(backend.requests[0]?.request.approximate).toBe(true);
    const raw = precise();
    backend.requests[0]?.resolve(raw);
    const fix = await answer;
    expect(fix).toEqual(coarsen(raw));
    expect(fix).not.toHaveProperty('altitude');
    expect(fix).not.toHaveProperty('speed');
    expect(fix).not.toHaveProperty('course');
    expect(fix).not.toHaveProperty('floor');
  });

  it('rejects a non-boolean approximate option, naming it', async () => {
    const { locator } = setup();
    await expect(locator.getLocation({ approximate: 'yes' as unknown as boolean })).rejects.toThrow(
      /options\.approximate must be a boolean/,
    );
    expect(() => locator.watch({ approximate: 1 as unknown as boolean }, recorder().listener)).toThrow(TypeError);
  });

  it('concurrent precise and approximate requests each get their own kind, from their own provider requests', async () => {
    const { backend, locator } = setup();
    const fine = locator.getLocation({ accuracy: 'best' });
    const coarse = locator.getLocation({ approximate: true });
    await flush();
    expect(backend.requests.map((r) => r.request.approximate)).toEqual([false, true]);
    backend.requests[0]?.resolve(precise());
    backend.requests[1]?.resolve(precise({ latitude: 52.53 }));
    expect(await fine).toMatchObject({ latitude: 52.5201, altitude: 40 });
    expect(await fine).not.toHaveProperty('approximate');
    expect(await coarse).toMatchObject({ approximate: true });
    expect(await coarse).not.toHaveProperty('altitude');
  });

  it('a cached approximate fix never answers a precise request', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation({ approximate: true });
    await flush();
    backend.requests[0]?.resolve(precise());
    await first;
    const second = locator.getLocation({ maximumAge: 60_000, accuracy: 'threeKilometers' });
    await flush();
    expect(backend.requests).toHaveLength(2);
    expect(locator.cachedLocation({ maximumAge: 60_000, accuracy: 'threeKilometers' })).toBeUndefined();
    backend.requests[1]?.resolve(precise({ latitude: 52.6 }));
    expect(await second).toMatchObject({ latitude: 52.6 });
  });

  it('a cached precise fix answers an approximate request only coarsened', async () => {
    const { backend, locator } = setup();
    const first = locator.getLocation();
    await flush();
    const raw = precise();
    backend.requests[0]?.resolve(raw);
    await first;
    const coarse = await locator.getLocation({ approximate: true, maximumAge: 60_000 });
    expect(backend.requests).toHaveLength(1);
    expect(coarse).toEqual(coarsen(raw));
    // ...and the precise one is still there, unchanged, for a precise request.
    expect(await locator.getLocation({ maximumAge: 60_000 })).toMatchObject({ latitude: 52.5201, altitude: 40 });
  });

  it('a fix the OS reduced (approximate) is coarsened and cached as approximate, even for a precise request', async () => {
    const { backend, locator } = setup();
    const answer = locator.getLocation();
    await flush();
    backend.requests[0]?.resolve(fixAt(52.51, 13.39, { accuracy: 3000, approximate: true }));
    const fix = await answer;
    expect(fix).toEqual(coarsen(fixAt(52.51, 13.39, { accuracy: 3000, timestamp: fix.timestamp })));
    expect(locator.cachedLocation({ maximumAge: 60_000, accuracy: 'threeKilometers' })).toBeUndefined();
    expect(locator.cachedLocation({ maximumAge: 60_000, approximate: true })).toEqual(fix);
  });
});

describe('approximate watches', () => {
  it('an approximate watch alone asks the provider for an approximate watch and gets coarsened fixes', () => {
    const { backend, locator } = setup();
    const rec = recorder();
    locator.watch({ approximate: true }, rec.listener);
    expect(backend.watches[0]?.request.approximate).toBe(true);
  });

  it('shares a precise provider watch with a precise watcher, coarsening only for the approximate one', async () => {
    const { backend, locator } = setup();
    const coarseRec = recorder();
    const fineRec = recorder();
    locator.watch({ approximate: true }, coarseRec.listener);
    const fineSub = locator.watch({ accuracy: 'best' }, fineRec.listener);
    expect(backend.activeWatches).toHaveLength(1);
    expect(backend.activeWatches[0]?.request.approximate).toBe(false);
    const raw = precise();
    backend.activeWatches[0]?.sink.location(raw);
    await flush();
    expect(fineRec.fixes).toEqual([raw]);
    expect(coarseRec.fixes).toEqual([coarsen(raw)]);
    // The last precise watcher leaves: the provider goes back to asking for an approximate position.
    fineSub.stop();
    expect(backend.activeWatches).toHaveLength(1);
    expect(backend.activeWatches[0]?.request.approximate).toBe(true);
  });
});
