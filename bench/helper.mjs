// The helper backend: per-request cost over a long-lived helper, and the
// cost of starting one.
//
// The helper is, first found: a real whereami-helper (build/Release), the
// helper built against the CoreLocation double (beside the double addon), or
// the Node stand-in test/support/fake-helper.mjs, in which case the figures
// measure this package's transport (spawn, JSON lines, the NativeBackend
// adapter) and are labelled so. Each is set against a floor over the same
// helper and pipes (a bare JSON-lines round trip; a bare spawn until hello),
// and, when the double is built, against the in-process addon.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compareTimed, comparePair, emit, now, scaled } from './harness.mjs';
import { findDoubleAddon } from './native-double.mjs';

const { Locator, NativeBackend, HelperProvider, findHelper } = await import('../dist/internal.js');

const standIn = fileURLToPath(new URL('../test/support/fake-helper.mjs', import.meta.url));

function realHelper() {
  const lookup = findHelper(process.env);
  if (!lookup.ok) return undefined;
  try {
    accessSync(lookup.path, constants.X_OK);
    return lookup.path;
  } catch {
    return undefined;
  }
}

const double = await findDoubleAddon();
const helperPath = realHelper() ?? (double.ok ? double.helperPath : undefined) ?? standIn;
const label =
  helperPath === standIn
    ? 'Node stand-in helper (test/support/fake-helper.mjs)'
    : double.ok && helperPath === double.helperPath
      ? 'helper built against the CoreLocation double'
      : `whereami-helper at ${helperPath}`;
const rows = [];

/** A bare client of the same helper: write a line, await the answer line. */
function bareClient(path) {
  const child = spawn(path, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  let id = 0;
  const hello = new Promise((resolve) => waiting.push(resolve));
  return {
    hello,
    request() {
      id += 1;
      const answer = new Promise((resolve) => waiting.push(resolve));
      child.stdin.write(`${JSON.stringify({ id, method: 'requestLocation', params: { accuracy: 100, maximumAge: 0 } })}\n`);
      return answer.then((line) => JSON.parse(line));
    },
    close() {
      child.stdin.end();
    },
  };
}

// ---- per request, long-lived helper ----------------------------------------
{
  const bare = bareClient(helperPath);
  await bare.hello;
  const backend = new NativeBackend(new HelperProvider(helperPath), { name: 'helper', provider: 'corelocation', detail: helperPath });
  const locator = new Locator(() => backend);
  await locator.getLocation();
  const result = await comparePair({
    baseline: () => bare.request(),
    subject: () => locator.getLocation(),
    batch: 50,
    samples: scaled(30),
  });
  rows.push({
    bench: 'helper, per request',
    subjectName: 'getLocation() through the helper backend',
    baselineName: 'bare JSON-lines round trip to the same helper',
    ...result,
    per: 'call',
    note: `${label}; long-lived helper`,
  });

  if (double.ok) {
    double.control.reset();
    const addon = new NativeBackend(double.binding.createProvider(), { name: 'addon', provider: double.binding.provider });
    const addonLocator = new Locator(() => addon);
    await addonLocator.getLocation({ timeout: 5000 });
    const versus = await comparePair({
      baseline: () => addonLocator.getLocation({ timeout: 5000 }),
      subject: () => locator.getLocation(),
      batch: 50,
      samples: scaled(30),
    });
    addon.close();
    rows.push({
      bench: 'helper vs addon, per request',
      subjectName: 'getLocation() through the helper backend',
      baselineName: 'getLocation() through the addon (CoreLocation double)',
      ...versus,
      per: 'call',
      note: label,
    });
  } else {
    rows.push({ bench: 'helper vs addon, per request', skipped: double.why });
  }
  backend.close();
  bare.close();
}

// ---- start-up ----------------------------------------------------------------
{
  const subject = async () => {
    const backend = new NativeBackend(new HelperProvider(helperPath), { name: 'helper', provider: 'corelocation' });
    const start = now();
    await new Locator(() => backend).getLocation();
    const elapsed = now() - start;
    backend.close();
    return elapsed;
  };
  const baseline = async () => {
    const start = now();
    const bare = bareClient(helperPath);
    await bare.hello;
    await bare.request();
    const elapsed = now() - start;
    bare.close();
    return elapsed;
  };
  const result = await compareTimed({ baseline, subject, samples: scaled(16), warmup: 2 });
  rows.push({
    bench: 'helper, start-up and first fix',
    subjectName: 'first getLocation() on a new helper backend',
    baselineName: 'bare spawn, hello, one round trip',
    ...result,
    per: 'start',
    note: label,
  });
}

emit(rows);
