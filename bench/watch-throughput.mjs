// Watch throughput: fixes per second from a provider to a `for await` loop
// over watchLocation(), none lost or reordered, against the same producer
// feeding a bare async-iterator queue.
//
// Until the native double is built this uses a JavaScript provider behind the
// real NativeBackend adapter (what the addon's fixes go through), producing
// fixes in bursts of 100 per event-loop turn as a thread-safe function drains
// its queue. It measures the adapter, the core's watch fan-out and the
// iterator, not the native thread.
import { compareTimed, emit, now, scaled } from './harness.mjs';

const { watchLocation } = await import('../dist/index.js');
const { defaultRegistry } = await import('../dist/default-locator.js');
const { NativeBackend } = await import('../dist/backends/native-backend.js');

const FIXES = 50_000;
const BURST = 100;

/** Emits FIXES fixes, BURST per turn of the event loop, latitude counting up. */
function produce(push) {
  let sent = 0;
  const burst = () => {
    for (let i = 0; i < BURST && sent < FIXES; i += 1, sent += 1) {
      push({ latitude: sent * 1e-6, longitude: 13.405, accuracy: 5, timestamp: Date.now() });
    }
    if (sent < FIXES) setImmediate(burst);
  };
  setImmediate(burst);
}

/** A NativeProvider whose watch plays produce(); everything else is unused here. */
const provider = {
  startWatch(_accuracy, _distance, onFix) {
    produce(onFix);
    return 1;
  },
  stopWatch() {},
  close() {},
};
defaultRegistry.setOverride(new NativeBackend(provider, { name: 'addon', provider: 'corelocation', detail: 'bench' }));

async function consume(iterable) {
  let expected = 0;
  for await (const fix of iterable) {
    if (Math.abs(fix.latitude - expected * 1e-6) > 1e-12) throw new Error(`fix ${expected} lost or out of order`);
    expected += 1;
    if (expected === FIXES) break;
  }
  return expected;
}

const subject = async () => {
  const start = now();
  const got = await consume(watchLocation());
  if (got !== FIXES) throw new Error(`got ${got} of ${FIXES}`);
  return now() - start;
};

/** The least a queue between a producer and `for await` can do. */
function bareQueue() {
  const queue = [];
  let waiting;
  produce((fix) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ done: false, value: { ...fix } });
    } else queue.push({ ...fix });
  });
  return {
    next: () => (queue.length > 0 ? Promise.resolve({ done: false, value: queue.shift() }) : new Promise((r) => (waiting = r))),
    return: () => Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

const baseline = async () => {
  const start = now();
  const got = await consume(bareQueue());
  if (got !== FIXES) throw new Error(`got ${got} of ${FIXES}`);
  return now() - start;
};

const result = await compareTimed({ baseline, subject, samples: scaled(12), warmup: 2 });
const perSecond = (ns) => Math.round(FIXES / (ns / 1e9));
defaultRegistry.setOverride(undefined);

emit([
  {
    bench: 'watch throughput',
    subjectName: 'watchLocation() over NativeBackend, JS provider',
    baselineName: 'bare async-iterator queue, same producer',
    ...result,
    per: `${FIXES} fixes`,
    extra: { fixesPerSecond: perSecond(result.subject.median), baselinePerSecond: perSecond(result.baseline.median) },
    note: `${perSecond(result.subject.median).toLocaleString('en')} fixes/s vs ${perSecond(result.baseline.median).toLocaleString('en')}/s, none lost or reordered; JS provider in bursts of ${BURST}, not yet the native double`,
  },
]);
