// Resident memory after 100,000 requests against after the first 1,000, in
// fresh processes with the collector forced before each reading. A leak of a
// few dozen bytes per request shows as megabytes here.
//
// The runtime grows too: V8 enlarges its young generation as allocation goes
// on (about 30 MB by default over such a loop, with or without this package).
// So the processes run with --max-semi-space-size=1, and a control process
// runs the same loop shape (a promise, a timer set and cleared, an
// AbortController, an object copy per request) without the package: its
// growth is the baseline, and the package's growth beyond it is the figure.
// Each reading is the least of five taken 200 requests apart, as RSS swings
// by megabytes with the allocator's free pages.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { emit, median, scaled } from './harness.mjs';

const MB = 1024 * 1024;
const V8_FLAGS = ['--expose-gc', '--max-semi-space-size=1'];

async function child(mode) {
  process.env.WHEREAMI_SIMULATE = '52.52,13.405';
  const { getLocation, watchLocation } = mode === 'control' ? {} : await import('../dist/index.js');
  const control = () =>
    new Promise((resolve) => {
      const timer = setTimeout(() => undefined, 30_000);
      const controller = new AbortController();
      controller.signal.addEventListener('abort', () => undefined);
      void Promise.resolve().then(() => {
        clearTimeout(timer);
        resolve({ latitude: 52.52, longitude: 13.405, accuracy: 5, timestamp: Date.now() });
      });
    });
  const mixed = async (i) => {
    switch (i % 4) {
      case 0: {
        const controller = new AbortController();
        const pending = getLocation({ signal: controller.signal }).catch(() => undefined);
        controller.abort();
        return pending;
      }
      case 1:
        return getLocation({ timeout: 0 }).catch(() => undefined);
      case 2: {
        const watch = watchLocation();
        await watch.next();
        return watch.return();
      }
      default:
        return getLocation({ accuracy: 'best' });
    }
  };
  const request = mode === 'control' ? control : mode === 'mixed' ? mixed : () => getLocation();
  const reading = () => {
    globalThis.gc();
    globalThis.gc();
    const { rss, heapUsed } = process.memoryUsage();
    return { rss, heapUsed };
  };
  // RSS after a collection still swings by megabytes with the allocator's
  // free pages: each figure is the least of five readings, 200 requests apart.
  let i = 0;
  const settle = async (at) => {
    for (; i < at; i += 1) await request(i);
    const readings = [];
    for (let k = 0; k < 5; k += 1) {
      readings.push(reading());
      for (const end = i + 200; i < end; i += 1) await request(i);
    }
    return {
      rss: Math.min(...readings.map((r) => r.rss)),
      heapUsed: Math.min(...readings.map((r) => r.heapUsed)),
    };
  };
  const early = await settle(1_000);
  const late = await settle(100_000);
  process.stdout.write(JSON.stringify({ early, late }));
}

function run(mode) {
  const result = spawnSync(process.execPath, [...V8_FLAGS, fileURLToPath(import.meta.url), '--child', mode], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`memory child (${mode}) failed: ${result.stderr}`);
  const { early, late } = JSON.parse(result.stdout);
  return { rss: late.rss - early.rss, heap: late.heapUsed - early.heapUsed };
}

function mb(bytes) {
  return `${bytes >= 0 ? '+' : ''}${(bytes / MB).toFixed(2)} MB`;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]);
} else {
  const rows = [];
  for (const mode of ['plain', 'mixed']) {
    const subject = [];
    const baseline = [];
    // Control and subject processes alternate, like every other pair here.
    for (let r = 0; r < scaled(5, 2); r += 1) {
      baseline.push(run('control'));
      subject.push(run(mode));
    }
    const rss = median(subject.map((s) => s.rss));
    const heap = median(subject.map((s) => s.heap));
    const controlRss = median(baseline.map((s) => s.rss));
    const excess = rss - controlRss;
    rows.push({
      bench: mode === 'plain' ? 'memory, 100,000 requests' : 'memory, 100,000 mixed calls',
      subjectName: 'RSS growth from request 1,000 to 100,000',
      baselineName: 'same loop without the package',
      subject: { median: rss, p95: NaN, samples: subject.length },
      baseline: { median: controlRss, p95: NaN, samples: baseline.length },
      ratio: rss / controlRss,
      unit: 'bytes',
      per: 'process',
      target: 'excess within 2 MB',
      pass: excess <= 2 * MB,
      extra: { excessMB: excess / MB, heapDeltaMB: heap / MB },
      note:
        `growth ${mb(rss)} vs control ${mb(controlRss)}: excess ${mb(excess)}; JS heap ${mb(heap)}; ` +
        (mode === 'plain'
          ? 'getLocation() with maximumAge 0, public API, simulated backend'
          : 'a quarter each: aborted, timeout 0, watch started and stopped, accuracy best'),
    });
  }
  emit(rows);
}
