// A maximumAge cache hit through the public API, against the cheapest await
// there is. Both sides are awaited one after another, as a caller would.
import { comparePair, emit, scaled } from './harness.mjs';

process.env.WHEREAMI_SIMULATE = '52.52,13.405';
const { getLocation, getBackendInfo } = await import('../dist/index.js');

if (getBackendInfo().name !== 'simulated') throw new Error('expected the simulated backend');
await getLocation(); // fills the cache
const options = { maximumAge: 60_000 };
const result = await comparePair({
  baseline: () => Promise.resolve(),
  subject: () => getLocation(options),
  batch: 2000,
  samples: scaled(40),
  warmup: 5,
});

emit([
  {
    bench: 'maximumAge cache hit',
    subjectName: 'getLocation({ maximumAge: 60000 }), fix cached',
    baselineName: 'await Promise.resolve()',
    ...result,
    per: 'call',
    target: 10,
    note: 'public API, simulated backend',
  },
]);
