/**
 * The server under load and abuse: many watchers at 10 fixes/s for a
 * minute, a client that stops reading, connection churn, fuzzed requests.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRequestLine } from '../../src/serve/gpsd-commands.js';
import { LocationServer, type LocationServerOptions } from '../../src/serve/location-server.js';
import { fixNumber, LineClient, ManualSource } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const servers: LocationServer[] = [];
const clients: LineClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: LocationServerOptions): Promise<{ server: LocationServer; port: number }> {
  const server = new LocationServer({ listen: { port: 0 }, ...options });
  servers.push(server);
  return { server, port: (await server.listen()).gpsd.port };
}

async function watcher(port: number): Promise<LineClient> {
  const c = await LineClient.open(port);
  clients.push(c);
  c.send('?WATCH={"enable":true,"json":true};\n');
  await c.until((x) => x.count('WATCH') === 1);
  return c;
}

/** The fix numbers (carried in altMSL) of the TPVs a client got, in arrival order. */
const received = (c: LineClient): number[] =>
  c.lines.filter((l) => l.includes('"TPV"')).map((l) => (JSON.parse(l) as { altMSL: number }).altMSL);

const sequence = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('location server under load', () => {
  it('32 clients watching for a minute at 10 fixes/s lose and reorder nothing', { timeout: 120_000 }, async () => {
    const source = new ManualSource();
    const { server, port } = await start({ source: source.source });
    const watchers = await Promise.all(Array.from({ length: 32 }, () => watcher(port)));
    const total = 600;
    // Paced by the clock, not by the timer's count, so a loaded machine still sends 600 in about a minute.
    const started = Date.now();
    for (let n = 1; n <= total; n += 1) {
      const due = started + n * 100;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      source.push(fixNumber(n));
    }
    for (const c of watchers) await c.until((x) => received(x).length >= total, 20_000, `${total} TPVs`);
    for (const c of watchers) expect(received(c)).toEqual(sequence(total));
    expect(server.stats.clients).toBe(32);
    expect(server.stats.dropped.slow).toBe(0);
  });

  it('drops a client that stopped reading, without delaying the others', { timeout: 60_000 }, async () => {
    const source = new ManualSource();
    const { server, port } = await start({ source: source.source, maxBufferedBytes: 64 * 1024 });
    const stalled = await watcher(port);
    const readers = await Promise.all([watcher(port), watcher(port)]);
    stalled.socket.pause();
    // Enough to fill the kernel's socket buffers and the server's bound many times over, in bursts;
    // after each burst the readers must have everything before the next one is sent.
    let sent = 0;
    let slowestBurstMs = 0;
    while (server.stats.dropped.slow === 0 && sent < 200_000) {
      const burstStart = Date.now();
      for (let i = 0; i < 1000; i += 1) source.push(fixNumber((sent += 1)));
      for (const c of readers) await c.until((x) => received(x).length === sent, 10_000, `${sent} TPVs`);
      slowestBurstMs = Math.max(slowestBurstMs, Date.now() - burstStart);
    }
    expect(server.stats.dropped.slow).toBe(1);
    for (let i = 0; i < 1000; i += 1) source.push(fixNumber((sent += 1)));
    for (const c of readers) await c.until((x) => received(x).length === sent, 10_000, `${sent} TPVs`);
    for (const c of readers) expect(received(c)).toEqual(sequence(sent));
    stalled.socket.resume();
    await stalled.waitForClose();
    expect(received(stalled).length).toBeLessThan(sent);
    expect(server.stats.clients).toBe(2);
    console.log(`stalled client dropped after ${sent - 1000} fixes; slowest burst of 1000 reached both readers in ${slowestBurstMs} ms`);
  });

  it('1,000 connect/disconnect cycles leak no sockets or memory', { timeout: 120_000 }, async () => {
    const source = new ManualSource();
    const { server, port } = await start({ source: source.source });
    const handles = (): number => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
    const cycle = async (i: number): Promise<void> => {
      const c = await LineClient.open(port);
      await c.until((x) => x.lines.length >= 1, 10_000, 'VERSION');
      if (i % 2 === 0) {
        c.send('?WATCH={"enable":true};\n');
        await c.until((x) => x.count('WATCH') === 1);
      }
      c.close();
      await c.waitForClose();
    };
    for (let i = 0; i < 100; i += 1) await cycle(i);
    await expect.poll(() => server.stats.clients).toBe(0);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const handlesBefore = handles();
    for (let i = 0; i < 1000; i += 1) await cycle(i);
    await expect.poll(() => server.stats.clients).toBe(0);
    await expect.poll(() => handles()).toBeLessThanOrEqual(handlesBefore);
    gc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    console.log(`heap growth over 1000 cycles: ${(growth / 1024).toFixed(0)} KiB`);
    expect(growth).toBeLessThan(2 * 1024 * 1024);
    expect(source.running).toBe(false);
    expect(source.starts).toBe(source.stops);
  });

  it('never throws on any request line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.jsonValue().map((v) => `?WATCH=${JSON.stringify(v)};`)), (text) => {
        const requests = parseRequestLine(text);
        expect(Array.isArray(requests)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzzed request lines never crash the server; it answers the next client', { timeout: 60_000 }, async () => {
    const source = new ManualSource();
    const { server, port } = await start({ source: source.source });
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('?WATCH=', '?POLL;', '?DEVICE=', '?WATCH={', '{"class":1}').chain((prefix) =>
        fc.string({ maxLength: 200 }).map((rest) => prefix + rest),
      ),
      fc.jsonValue().map((v) => `?WATCH=${JSON.stringify(v)};`),
      fc.integer({ min: 1000, max: 20_000 }).map((n) => '?'.repeat(n)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 5 }), async (lines) => {
        const c = await LineClient.open(port);
        clients.push(c);
        c.send(`${lines.join('\n')}\n?VERSION;\n`);
        source.push(fixNumber(1));
        // Either the server answered the trailing ?VERSION; or it closed this connection on purpose.
        await c.until((x) => x.closed || x.count('VERSION') >= 2, 10_000, 'an answer or a close');
        c.close();
      }),
      { numRuns: 150 },
    );
    const probe = await LineClient.open(port);
    clients.push(probe);
    probe.send('?VERSION;\n');
    await probe.until((x) => x.count('VERSION') === 2);
    expect(server.stats.clients).toBeLessThanOrEqual(32);
  });
});
