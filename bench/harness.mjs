// The bench harness: every figure is a ratio against a baseline measured in
// the same run, sample by sample, so a shared and noisy machine shifts both
// sides alike. Baseline and subject samples alternate (ABBA order) to cancel
// drift such as CPU frequency changes or a neighbour's compile starting.
import { spawnSync } from 'node:child_process';

/**
 * Settings that make every Node process pay before its first line runs, the
 * same for `node -e 0` and for us, and that users' machines do not normally
 * have. NODE_EXTRA_CA_CERTS makes Node 20 read and parse a whole certificate
 * bundle at start: measured on the project's Linux machines, where the
 * environment sets it, `node -e 0` takes about 120 ms with it and 34 ms
 * without. Left in, it would make every start-up ratio against `node -e 0`
 * look better than users see, and every ratio against a C program worse. It
 * is removed from this process's environment, so every child a bench spawns
 * starts without it, and run.mjs says so above the table.
 */
const STARTUP_TAXES = ['NODE_EXTRA_CA_CERTS'];
const removedTaxes = STARTUP_TAXES.filter((name) => process.env[name] !== undefined);
for (const name of removedTaxes) delete process.env[name];

/** What the harness removed from the environment, for the bench's header. */
export const environmentNote =
  removedTaxes.length > 0
    ? `removed from every bench process's environment: ${removedTaxes.join(', ')} (it adds a fixed cost to every Node start that users do not pay; see bench/harness.mjs)`
    : '';

/** Nanoseconds from a monotonic clock, as a Number (fine below 104 days). */
export function now() {
  return Number(process.hrtime.bigint());
}

export function median(values) {
  return quantile(values, 0.5);
}

/** Nearest-rank quantile: p95 of 20 samples is the 19th smallest. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export function summarize(samples) {
  return { median: median(samples), p95: quantile(samples, 0.95), samples: samples.length };
}

/**
 * Times two async operations against each other. Each sample runs `batch`
 * operations back to back and is divided by `batch`, so a sample is long
 * enough for the clock; baseline and subject samples alternate.
 * @returns {{ baseline: ReturnType<typeof summarize>, subject: ReturnType<typeof summarize>, ratio: number }}
 */
export async function comparePair({ baseline, subject, samples = 40, warmup = 5, batch = 1 }) {
  const runBatch = async (op) => {
    const start = now();
    for (let i = 0; i < batch; i += 1) await op();
    return (now() - start) / batch;
  };
  for (let i = 0; i < warmup; i += 1) {
    await runBatch(baseline);
    await runBatch(subject);
  }
  const base = [];
  const subj = [];
  for (let i = 0; i < samples; i += 1) {
    if (i % 4 === 0 || i % 4 === 3) {
      base.push(await runBatch(baseline));
      subj.push(await runBatch(subject));
    } else {
      subj.push(await runBatch(subject));
      base.push(await runBatch(baseline));
    }
  }
  return pairResult(base, subj);
}

/** Like comparePair, for operations that time themselves (each call returns nanoseconds). */
export async function compareTimed({ baseline, subject, samples = 20, warmup = 2 }) {
  for (let i = 0; i < warmup; i += 1) {
    await baseline();
    await subject();
  }
  const base = [];
  const subj = [];
  for (let i = 0; i < samples; i += 1) {
    if (i % 4 === 0 || i % 4 === 3) {
      base.push(await baseline());
      subj.push(await subject());
    } else {
      subj.push(await subject());
      base.push(await baseline());
    }
  }
  return pairResult(base, subj);
}

function pairResult(base, subj) {
  const baselineStats = summarize(base);
  const subjectStats = summarize(subj);
  return { baseline: baselineStats, subject: subjectStats, ratio: subjectStats.median / baselineStats.median };
}

/**
 * Times whole processes from spawn to exit, baseline and subject alternating.
 * A run that fails or prints something unexpected stops the bench: a fast
 * failure must never pass for a fast start.
 */
export function compareCommands({ baseline, subject, runs = 20, warmup = 3, cwd, env }) {
  const once = (command) => {
    const [file, ...args] = command.argv;
    const start = now();
    const result = spawnSync(file, args, { cwd: command.cwd ?? cwd, env: { ...process.env, ...env, ...command.env }, encoding: 'utf8' });
    const elapsed = now() - start;
    if (result.status !== 0 || (command.expect && !command.expect(result.stdout))) {
      throw new Error(
        `${command.argv.join(' ')} failed (status ${String(result.status)}): ${result.stderr.trim() || result.stdout.trim()}`,
      );
    }
    return elapsed;
  };
  const timedBaseline = () => once(baseline);
  const timedSubject = () => once(subject);
  for (let i = 0; i < warmup; i += 1) {
    timedBaseline();
    timedSubject();
  }
  const base = [];
  const subj = [];
  for (let i = 0; i < runs; i += 1) {
    if (i % 4 === 0 || i % 4 === 3) {
      base.push(timedBaseline());
      subj.push(timedSubject());
    } else {
      subj.push(timedSubject());
      base.push(timedBaseline());
    }
  }
  return pairResult(base, subj);
}

/** A bench that cannot run here says why, and never prints a figure. */
export function skipped(bench, why) {
  return { bench, skipped: why };
}

export function formatNs(ns) {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** A row's median or p95 in its unit: time (ns) unless the row says bytes or instructions. */
export function formatValue(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) return '-';
  if (unit === 'bytes') return `${(value / (1024 * 1024)).toFixed(2)} MB`;
  if (unit === 'instructions') return `${(value / 1e6).toFixed(1)} M`;
  return formatNs(value);
}

/** Prints one bench's rows as JSON on stdout for bench/run.mjs to collect. */
export function emit(rows) {
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}

/** Scales sample counts down for a quick look (BENCH_QUICK=1). */
export function scaled(n, minimum = 3) {
  return process.env.BENCH_QUICK ? Math.max(minimum, Math.ceil(n / 4)) : n;
}
