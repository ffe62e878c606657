// node-whereami against GeoClue's own C client, `where-am-i -a 8` (package
// geoclue-2-demo), on one private GeoClue stack: the e2e suite's
// (test/e2e/harness: private bus, real daemon, fake GPS, test agent), loaded
// through Vite because the harness is TypeScript. Root only (the stack needs
// a private mount namespace); elsewhere every row says why it is skipped.
//
// Rows: spawn to first fix of `whereami --json` and of a cold
// watchLocation() process against spawn to first fix of where-am-i, and a
// running process's watchLocation() first fix against the same, all in
// alternating rounds; getLocation({ maximumAge: 0 }) per call against the
// GPS's update interval, alone and beside where-am-i. Each fix is traced to
// the GPS send it came from (the fake GPS moves 1e-5 degree per send), so
// every row also counts fixes made after the process or call began. Two
// rows count instructions instead (callgrind), to show where the spawn-to-fix
// gap lies: what the GeoClue path adds to the command, and the whole command
// against where-am-i's whole run.
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countInstructions, hasCallgrind, summarizeCounts } from './callgrind.mjs';
import { emit, formatNs, now, scaled, skipped, summarize } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/whereami.cjs', import.meta.url));
const client = fileURLToPath(new URL('./geoclue-client.mjs', import.meta.url));
const WHERE_AM_I = '/usr/libexec/geoclue-2.0/demos/where-am-i';
const STEP_DEGREES = 1e-5;
const CALL_GPS_INTERVAL_MS = 500;
const LATITUDE_JSON = /"latitude":\s*(-?[\d.]+)[,}\s]/;
const NAMES = [
  'GeoClue: whereami --json, spawn to first fix',
  'GeoClue: watchLocation() first fix, cold process',
  'GeoClue: watchLocation() first fix, running process',
  'GeoClue: getLocation({maximumAge:0}) per call, alone',
  'GeoClue: getLocation({maximumAge:0}) per call, beside where-am-i',
  'GeoClue: whereami --json, instructions over --simulate',
  'GeoClue: whereami --json, instructions against where-am-i',
];

async function loadHarness() {
  const { createServer } = await import('vite');
  const server = await createServer({
    root,
    appType: 'custom',
    logLevel: 'silent',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const stack = await server.ssrLoadModule('/test/e2e/harness/geoclue-stack.ts');
  const addon = await server.ssrLoadModule('/test/e2e/harness/addon.ts');
  return { stack, addon, close: () => server.close() };
}

/**
 * Spawns a command and resolves with the ns from spawn to the first stdout
 * text matching `pattern` (group 1: latitude). Patterns end past the number,
 * so a chunk that stops inside it does not match a truncated latitude.
 */
function spawnToFix(argv, env, pattern) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let found;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (found) return;
      const match = pattern.exec(out);
      if (!match) return;
      found = { ns: now() - start, latitude: Number(match[1]) };
      // where-am-i would wait for more: its first fix is all we time.
      if (argv[0] === WHERE_AM_I) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (found) resolve(found);
      else reject(new Error(`${argv.join(' ')} gave no fix (${code ?? signal}): ${err.trim() || out.trim()}`));
    });
  });
}

/** ns from spawn to exit of a command that must succeed. */
function spawnToExit(argv, env) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: 'ignore' });
    child.once('exit', (code) => (code === 0 ? resolve(now() - start) : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

function ask(worker, message) {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply) => (reply.ok ? resolve(reply.result) : reject(new Error(reply.error))));
    worker.send(message);
  });
}

function freshCount(gps, answers) {
  return answers.filter((a) => (gps.sendOf(a.latitude)?.seq ?? 0) > a.lastSeq).length;
}

/** Alternating rounds (ABBA) of two timed operations that each give { ns, latitude }. */
async function alternate(gps, rounds, subject, baseline, floor) {
  const subj = [];
  const base = [];
  const floors = [];
  const once = async (op, into) => {
    const lastSeq = gps.lastSeq;
    const answer = await op();
    into.push({ ...answer, lastSeq });
    // Let GeoClue drop the finished client and stop its NMEA source.
    await new Promise((resolve) => setTimeout(resolve, 100));
  };
  await once(subject, []);
  await once(baseline, []);
  for (let i = 0; i < rounds; i += 1) {
    if (floor) floors.push(await floor());
    if (i % 4 === 0 || i % 4 === 3) {
      await once(baseline, base);
      await once(subject, subj);
    } else {
      await once(subject, subj);
      await once(baseline, base);
    }
  }
  const subject_ = summarize(subj.map((a) => a.ns));
  const baseline_ = summarize(base.map((a) => a.ns));
  return {
    subject: subject_,
    baseline: baseline_,
    ratio: subject_.median / baseline_.median,
    fresh:
      `fixes sent after the start: node-whereami ${freshCount(gps, subj)}/${subj.length}, where-am-i ${freshCount(gps, base)}/${base.length}` +
      (floor ? `; node -e 0 in the same rounds: median ${formatNs(summarize(floors).median)}` : ''),
  };
}

function callRow(bench, gps, answers) {
  const fresh = answers.filter((a) => (gps.sendOf(a.latitude)?.seq ?? 0) > a.lastSeq).length;
  const subject = summarize(answers.map((a) => a.ns));
  const interval = CALL_GPS_INTERVAL_MS * 1e6;
  return {
    bench,
    subjectName: 'getLocation({ maximumAge: 0 }), calls one after another',
    baselineName: "the GPS's update interval",
    subject,
    baseline: { median: interval, p95: interval, samples: 1 },
    ratio: subject.median / interval,
    target: 'all fresh, median <= 1x',
    pass: fresh === answers.length && subject.median <= interval,
    per: 'call',
    note: `${fresh}/${answers.length} fixes sent after the call began`,
  };
}

/** The two instruction rows, on the running stack; the GPS sends five times a second, so each command gets its fix. */
async function instructionRows(env) {
  const names = NAMES.slice(5, 7);
  if (!hasCallgrind()) return names.map((name) => skipped(name, 'valgrind (callgrind) not installed'));
  const work = mkdtempSync(join(tmpdir(), 'whereami-bench-gc-instructions-'));
  try {
    // The CLI's code cache in a folder of this run's own, made by one run before counting.
    const cacheEnv = { ...env, XDG_CACHE_HOME: join(work, 'cache') };
    const commands = {
      geoclue: { argv: [process.execPath, bin, '--json', '--timeout', '60s'], env: cacheEnv },
      simulate: { argv: [process.execPath, bin, '--simulate', '52.52,13.405', '--json'], env: cacheEnv },
      peer: { argv: [WHERE_AM_I, '-a', '8', '-t', '60'], env, stopAt: /Latitude:\s+-?[\d.]+[^\d.]/ },
    };
    await spawnToFix([process.execPath, bin, '--json', '--timeout', '10s'], cacheEnv, LATITUDE_JSON);
    const counts = { geoclue: [], simulate: [], peer: [] };
    for (let round = 0; round < scaled(2, 1); round += 1) {
      for (const [name, command] of Object.entries(commands)) counts[name].push(await countInstructions(command, work));
    }
    const geoclue = summarizeCounts(counts.geoclue);
    const simulate = summarizeCounts(counts.simulate);
    const peer = summarizeCounts(counts.peer);
    const note = "instructions under callgrind (every thread), less V8 start-up's random hash-seed prime search; informational";
    return [
      { bench: names[0], subjectName: 'whereami --json (GeoClue)', baselineName: 'whereami --simulate 52.52,13.405 --json', subject: geoclue, baseline: simulate, ratio: geoclue.median / simulate.median, per: 'process', unit: 'instructions', note: `${note}; what the addon and the GeoClue conversation add to the command` },
      { bench: names[1], subjectName: 'whereami --json (GeoClue)', baselineName: 'where-am-i -a 8, to its first fix', subject: geoclue, baseline: peer, ratio: geoclue.median / peer.median, per: 'process', unit: 'instructions', note: `${note}; the C client's whole run is a fraction of Node's start alone` },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function run(harness) {
  const { GeoClueStack } = harness.stack;
  const rounds = scaled(30, 6);
  const rows = [];
  const whereAmI = (env) => () => spawnToFix([WHERE_AM_I, '-a', '8', '-t', '10'], env, /Latitude:\s+(-?[\d.]+)[^\d.]/);

  // The e2e recipe's GPS: a fix on connect, then five a second.
  let stack = await GeoClueStack.start({ gps: { stepDegrees: STEP_DEGREES } });
  try {
    const env = { ...process.env, ...stack.env };
    delete env.WHEREAMI_SIMULATE;
    delete env.WHEREAMI_BACKEND;
    const cli = () => spawnToFix([process.execPath, bin, '--json', '--timeout', '10s'], env, LATITUDE_JSON);
    const cold = () => spawnToFix([process.execPath, client, 'cold'], env, LATITUDE_JSON);
    const peer = whereAmI(env);
    const nodeFloor = () => spawnToExit([process.execPath, '-e', '0'], env);
    const cliResult = await alternate(stack.gps, rounds, cli, peer, nodeFloor);
    rows.push({ bench: NAMES[0], subjectName: 'whereami --json', baselineName: 'where-am-i -a 8', ...cliResult, target: 3, per: 'process', note: cliResult.fresh });
    const coldResult = await alternate(stack.gps, rounds, cold, peer, nodeFloor);
    rows.push({ bench: NAMES[1], subjectName: 'node: import, watchLocation(), first fix', baselineName: 'where-am-i -a 8', ...coldResult, target: 3, per: 'process', note: coldResult.fresh });
    const worker = fork(client, ['warm'], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      const warmResult = await alternate(stack.gps, rounds, () => ask(worker, { op: 'watch' }), peer);
      rows.push({ bench: NAMES[2], subjectName: 'watchLocation() first fix in a running process', baselineName: 'where-am-i -a 8, spawn to first fix', ...warmResult, target: 1, per: 'watch', note: warmResult.fresh });
    } finally {
      worker.kill();
    }
    rows.push(...(await instructionRows(env)));
  } finally {
    await stack.stop();
  }

  // A GPS on its own schedule: nothing on connect, one send every 500 ms.
  stack = await GeoClueStack.start({ gps: { intervalMs: CALL_GPS_INTERVAL_MS, onConnect: false, stepDegrees: STEP_DEGREES } });
  try {
    const env = { ...process.env, ...stack.env };
    delete env.WHEREAMI_SIMULATE;
    delete env.WHEREAMI_BACKEND;
    const worker = fork(client, ['warm'], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      const count = scaled(20, 6);
      const calls = async () => {
        const lastSeq = stack.gps.lastSeq;
        const answers = await ask(worker, { op: 'calls', count, maximumAge: 0, gapMs: CALL_GPS_INTERVAL_MS });
        // A call's lastSeq: the GPS's latest send before it began (same clock, same machine).
        return answers.map((a) => ({ ...a, lastSeq: Math.max(lastSeq, ...stack.gps.sends.filter((s) => s.at <= a.began).map((s) => s.seq)) }));
      };
      rows.push(callRow(NAMES[3], stack.gps, await calls()));
      const other = stack.startWhereAmI();
      try {
        await other.waitForLine((line) => line.startsWith('Latitude:'), 10_000);
        rows.push(callRow(NAMES[4], stack.gps, await calls()));
      } finally {
        await other.stop();
      }
    } finally {
      worker.kill();
    }
  } finally {
    await stack.stop();
  }
  return rows;
}

function whyNot(harness) {
  const why = harness.stack.whyStackCannotRun();
  if (why) return why;
  if (!existsSync(WHERE_AM_I)) return `${WHERE_AM_I} is missing (package geoclue-2-demo)`;
  if (!existsSync(new URL('../dist/index.js', import.meta.url))) return 'the package is not built (dist/ missing)';
  try {
    harness.addon.geoclueAddon();
  } catch (error) {
    return error.message;
  }
  return undefined;
}

const harness = await loadHarness();
try {
  const why = whyNot(harness);
  emit(why ? NAMES.map((name) => skipped(name, why)) : await run(harness));
} finally {
  await harness.close();
}
