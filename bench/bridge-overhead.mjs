// Bridge overhead: sequential getLocation() with no cache, against a floor
// measured in the same run.
//
// Native row: the addon built against the CoreLocation double, with a fake
// that answers at once, against a bare thread-safe-function round trip to the
// same kind of native thread (a no-op the double build exports for tests).
// It runs only when that build and that export are there, and says why not
// otherwise.
//
// JS row, always: the same call path over a JavaScript provider that answers
// on the next turn of the event loop (setImmediate, as a thread-safe function
// call arrives), against a bare setImmediate round trip. It is the cost of
// the core and the NativeBackend adapter alone.
import { comparePair, emit, scaled, skipped } from './harness.mjs';
import { findDoubleAddon } from './native-double.mjs';

const { Locator } = await import('../dist/locator.js');
const { NativeBackend } = await import('../dist/backends/native-backend.js');

const rows = [];

// ---- native --------------------------------------------------------------
const double = await findDoubleAddon();
if (!double.ok) {
  rows.push(skipped('bridge overhead, native double', double.why));
} else {
  const { binding, control, floor } = double;
  control.reset();
  control.authorize();
  const backend = new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider, detail: double.path });
  const locator = new Locator(() => backend);
  await locator.getLocation({ timeout: 5000 });
  const result = await comparePair({
    baseline: floor,
    subject: () => locator.getLocation({ timeout: 5000 }),
    batch: 200,
    samples: scaled(40),
  });
  backend.close();
  rows.push({
    bench: 'bridge overhead, native double',
    subjectName: 'getLocation(), addon over the CoreLocation double',
    baselineName: 'bare thread-safe-function round trip to the provider thread',
    ...result,
    per: 'call',
    target: 2,
    note: `${double.path}; the double answers at once`,
  });
}

// ---- JS ------------------------------------------------------------------
const fix = () => ({ latitude: 52.52, longitude: 13.405, accuracy: 5, timestamp: Date.now() });
const provider = {
  requestLocation(_accuracy, _maximumAge, callback) {
    setImmediate(() => callback(null, fix()));
    return 1;
  },
  cancel() {},
  close() {},
};
const backend = new NativeBackend(provider, { name: 'addon', provider: 'corelocation', detail: 'bench' });
const locator = new Locator(() => backend);
const result = await comparePair({
  baseline: () => new Promise((resolve) => setImmediate(() => resolve(fix()))),
  subject: () => locator.getLocation(),
  batch: 500,
  samples: scaled(40),
});
rows.push({
  bench: 'core + adapter overhead, JS provider',
  subjectName: 'getLocation(), NativeBackend over a JS provider answering on setImmediate',
  baselineName: 'bare setImmediate round trip',
  ...result,
  per: 'call',
  note: 'no native code: what the core and the adapter add to a provider round trip',
});

emit(rows);
