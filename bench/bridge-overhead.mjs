// Bridge overhead: sequential getLocation() with no cache, against a floor
// measured in the same run.
//
// Native rows: the addon built against the CoreLocation double, with a fake
// that answers at once, against a bare thread-safe-function round trip to a
// native thread (see findFloor in native-double.mjs for which floor). Once
// through the whole public path (core, adapter, addon, double), once as a
// raw provider call (addon and double alone), so the two costs can be told
// apart. They run only when the double build is there, and say why not
// otherwise.
//
// JS row, always: the same call path over a JavaScript provider that answers
// on the next turn of the event loop (setImmediate, as a thread-safe function
// call arrives), against a bare setImmediate round trip. It is the cost of
// the core and the NativeBackend adapter alone.
import { comparePair, emit, scaled, skipped } from './harness.mjs';
import { conditionVariableFloor, findDoubleAddon, findFloor } from './native-double.mjs';

const { Locator, NativeBackend } = await import('../dist/internal.js');

const rows = [];

// A native call takes 40 to 100 µs here: 200 of them make a sample of 10 to
// 20 ms, several scheduler slices, so one preemption moves a sample little;
// 60 samples, alternating with the floor (ABBA), steady the median.
const NATIVE_BATCH = 200;
const NATIVE_SAMPLES = 60;

// ---- native --------------------------------------------------------------
const double = await findDoubleAddon();
const floor = double.ok ? findFloor(double) : undefined;
if (!double.ok) {
  rows.push(skipped('bridge overhead, native double', double.why));
} else if (!floor.ok) {
  rows.push(skipped('bridge overhead, native double', floor.why));
} else {
  const { binding, control } = double;
  control.reset();
  const native = binding.createProvider();
  const backend = new NativeBackend(native, { name: 'addon', provider: binding.provider, detail: double.path });
  const locator = new Locator(() => backend);
  await locator.getLocation({ timeout: 5000 });
  const whole = await comparePair({
    baseline: floor.roundTrip,
    subject: () => locator.getLocation({ timeout: 5000 }),
    batch: NATIVE_BATCH,
    samples: scaled(NATIVE_SAMPLES),
  });
  rows.push({
    bench: 'bridge overhead, native double',
    subjectName: 'getLocation(), addon over the CoreLocation double',
    baselineName: 'bare thread-safe-function round trip',
    ...whole,
    per: 'call',
    target: 2,
    note: `floor: ${floor.kind}; ${double.path}, the double answers ${
      typeof double.controls.setImmediateFixes === 'function' ? 'on its next run-loop turn, no timer' : 'after a zero-delay timer'
    }`,
  });
  const rawCall = () =>
    new Promise((resolve, reject) => {
      native.requestLocation(100, 0, (error, fix) => (error ? reject(new Error(error.message)) : resolve(fix)), () => undefined);
    });
  const raw = await comparePair({ baseline: floor.roundTrip, subject: rawCall, batch: NATIVE_BATCH, samples: scaled(NATIVE_SAMPLES) });
  rows.push({
    bench: 'bridge, raw provider call',
    subjectName: 'NativeProvider.requestLocation(), no core or adapter',
    baselineName: 'bare thread-safe-function round trip',
    ...raw,
    per: 'call',
    note: 'the addon and the double alone: the native part of the figure above',
  });
  // The double answers requestLocation on a later pass of its run loop, as
  // CoreLocation answers through the delegate, never inline: the same floor
  // with one more pass is what the raw call cannot go below without making
  // the double kinder than CoreLocation. What is left above it is ours (the
  // addon's request, the fix's conversion) and the double's own objects.
  if (typeof double.controls.roundTripTwoPasses === 'function') {
    const twoPasses = () => new Promise((resolve) => double.controls.roundTripTwoPasses(resolve));
    const passes = await comparePair({ baseline: twoPasses, subject: rawCall, batch: NATIVE_BATCH, samples: scaled(NATIVE_SAMPLES) });
    rows.push({
      bench: 'bridge, raw call over two run-loop passes',
      subjectName: 'NativeProvider.requestLocation(), no core or adapter',
      baselineName: 'the floor with one more run-loop pass (testDouble.roundTripTwoPasses)',
      ...passes,
      per: 'call',
      note: 'informational: what the addon and the double add beyond the run-loop pass the double, like CoreLocation, answers on',
    });
  }
  backend.close();

  // What the provider's kind of thread costs over the plainest one.
  const plain = conditionVariableFloor();
  if (plain.ok && plain.kind !== floor.kind) {
    const hop = await comparePair({ baseline: plain.roundTrip, subject: floor.roundTrip, batch: NATIVE_BATCH, samples: scaled(NATIVE_SAMPLES) });
    rows.push({
      bench: 'floor, run-loop thread',
      subjectName: 'the floor above',
      baselineName: 'round trip to a std::thread on a condition variable',
      ...hop,
      per: 'call',
      note: 'informational: the cost of waking a run-loop thread (GNUstep here) over a plain thread',
    });
  }
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
  target: 3,
  note: 'no native code: what the core and the adapter add to a provider round trip',
});

emit(rows);
