// Serve fan-out: fixes delivered per second to 32 watching clients of the
// gpsd-protocol server, and the server's CPU time per fix, against a bare TCP
// server writing the same pre-made TPV lines to 32 sockets, in the same run.
// The clients run in another process (bench/serve-clients.mjs), so this
// process's CPU time is the server's; they check nothing is lost or reordered.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compareTimed, emit, now, scaled } from './harness.mjs';

const { LocationServer } = await import('../dist/serve/index.js');
const { tpvFromFix } = await import('../dist/serve/index.js');

const CLIENTS = 32;
const FIXES = 2000;
const BURST = 50;
const fix = (n) => ({ latitude: 10 + n * 1e-6, longitude: 20, accuracy: 5, altitude: n, timestamp: 1.7e12 + n * 100, provider: 'scripted' });

/** Starts the client process against a port; resolves with a function that waits for `total` reports per client. */
async function clients(port, watch) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./serve-clients.mjs', import.meta.url)), String(port), String(CLIENTS), watch ? 'watch' : ''], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  // A client process that dies (a lost or reordered fix throws there) must fail the bench, not hang it.
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`the client process exited (${String(code ?? signal)})`);
  });
  exited.catch(() => undefined);
  const next = () => Promise.race([once(lines, 'line').then(([line]) => line), exited]);
  if ((await next()) !== 'connected') throw new Error('clients did not connect');
  return {
    child,
    waitFor: async (total) => {
      child.stdin.write(`wait ${total}\n`);
      if ((await next()) !== 'ok') throw new Error('clients failed');
    },
  };
}

/** Pushes fixes first..first+FIXES-1 in bursts, one burst per event-loop turn. */
function produce(first, push) {
  return new Promise((resolve) => {
    let n = first;
    const burst = () => {
      for (let i = 0; i < BURST && n < first + FIXES; i += 1, n += 1) push(n);
      if (n < first + FIXES) setImmediate(burst);
      else resolve();
    };
    setImmediate(burst);
  });
}

// ---- subject: the location server -------------------------------------------
let listener;
const server = new LocationServer({
  listen: { port: 0 },
  maxClients: CLIENTS,
  source: (l) => {
    listener = l;
    return { stop() {}, active: true };
  },
});
const { gpsd } = await server.listen();
const subjectClients = await clients(gpsd.port, true);
while (server.stats.watching < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 10));

// ---- baseline: bare fan-out of the same lines ---------------------------------
const sockets = [];
const bare = createServer((socket) => {
  socket.setNoDelay(true);
  sockets.push(socket);
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
const baselineClients = await clients(bare.address().port, false);
while (sockets.length < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 10));

const SAMPLES = scaled(12);
const WARMUP = 2;
// The baseline's lines are made before timing: it measures the fan-out alone.
const lines = [];
for (let n = 1; n <= FIXES * (SAMPLES + WARMUP); n += 1) lines.push(`${JSON.stringify(tpvFromFix(fix(n), 'whereami'))}\r\n`);

const cpu = { subject: [], baseline: [] };
function timed(kind, run) {
  let next = 1;
  return async () => {
    const startCpu = process.cpuUsage();
    const start = now();
    const first = next;
    next += FIXES;
    await run(first);
    const elapsed = now() - start;
    const used = process.cpuUsage(startCpu);
    cpu[kind].push(((used.user + used.system) * 1000) / FIXES);
    return elapsed;
  };
}

const subject = timed('subject', async (first) => {
  await Promise.all([produce(first, (n) => listener.location(fix(n))), subjectClients.waitFor(first + FIXES - 1)]);
});
const baseline = timed('baseline', async (first) => {
  await Promise.all([
    produce(first, (n) => {
      const text = lines[n - 1];
      for (const socket of sockets) socket.write(text);
    }),
    baselineClients.waitFor(first + FIXES - 1),
  ]);
});

const result = await compareTimed({ baseline, subject, samples: SAMPLES, warmup: WARMUP });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const perSecond = (ns) => Math.round(FIXES / (ns / 1e9));
const cpuSubject = median(cpu.subject);
const cpuBaseline = median(cpu.baseline);
subjectClients.child.kill();
baselineClients.child.kill();
await server.close();
bare.close();
for (const socket of sockets) socket.destroy();

emit([
  {
    bench: 'serve fan-out, 32 clients',
    subjectName: 'LocationServer: TPV to 32 gpsd-protocol watchers',
    baselineName: 'bare TCP server writing the same pre-made lines to 32 sockets',
    ...result,
    per: `${FIXES} fixes to each of ${CLIENTS} clients`,
    extra: { fixesPerSecond: perSecond(result.subject.median), baselinePerSecond: perSecond(result.baseline.median), cpuNsPerFix: cpuSubject, baselineCpuNsPerFix: cpuBaseline },
    note: `${perSecond(result.subject.median).toLocaleString('en')} fixes/s to all 32 vs ${perSecond(result.baseline.median).toLocaleString('en')}/s bare, none lost or reordered; server CPU ${(cpuSubject / 1000).toFixed(1)} µs per fix (for 32 clients) vs ${(cpuBaseline / 1000).toFixed(1)} µs bare, ${(cpuSubject / cpuBaseline).toFixed(2)}x`,
  },
]);
