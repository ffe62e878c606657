// 10,000 concurrent getLocation() calls through the public API: wall time
// from the first call to the last settle, and how many provider requests
// they cost (one). The baseline is the floor of that fan-out: 10,000 promises
// each settled with its own copy of one shared answer.
import { compareTimed, emit, now, scaled } from './harness.mjs';

const { getLocation } = await import('../dist/index.js');
const { installScriptedLocation } = await import('../dist/testing/index.js');

const CALLERS = 10_000;
const location = installScriptedLocation({ latitude: 52.52, longitude: 13.405, accuracy: 5 });
let maxProviderRequests = 0;

const subject = async () => {
  const before = location.requestCount;
  const start = now();
  const calls = [];
  for (let i = 0; i < CALLERS; i += 1) calls.push(getLocation());
  const fixes = await Promise.all(calls);
  const elapsed = now() - start;
  const made = location.requestCount - before;
  maxProviderRequests = Math.max(maxProviderRequests, made);
  if (fixes.length !== CALLERS || fixes[CALLERS - 1].latitude !== 52.52) throw new Error('wrong answers');
  return elapsed;
};

const baseline = async () => {
  const start = now();
  const answer = Promise.resolve({ latitude: 52.52, longitude: 13.405, accuracy: 5, timestamp: Date.now() });
  const calls = [];
  for (let i = 0; i < CALLERS; i += 1) calls.push(new Promise((resolve) => answer.then((fix) => resolve({ ...fix }))));
  await Promise.all(calls);
  return now() - start;
};

const result = await compareTimed({ baseline, subject, samples: scaled(20), warmup: 3 });
location.uninstall();

emit([
  {
    bench: 'coalescing, 10,000 concurrent',
    subjectName: `${CALLERS} concurrent getLocation()`,
    baselineName: `${CALLERS} promises settled from one shared answer`,
    ...result,
    per: 'batch of 10,000',
    target: '<= 3x, 1 request',
    pass: result.ratio <= 3 && maxProviderRequests === 1,
    extra: { providerRequestsPerBatch: maxProviderRequests },
    note: `provider requests per batch of ${CALLERS}: ${maxProviderRequests} (most seen in any sample); public API, scripted backend (test kit)`,
  },
]);
