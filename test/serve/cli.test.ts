/** `whereami --nmea` and `whereami serve` from the command line. */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../src/cli/args.js';
import { isLoopback } from '../../src/serve/location-server.js';
import { collect, linesArrive, start, whereami } from '../cli/helpers.js';
import { LineClient } from './helpers.js';
import { parseSentence, sentenceDegrees } from './nmea-reader.js';

const TRACK = new URL('fixtures/square-walk.gpx', import.meta.url).pathname;

describe('whereami serve: arguments', () => {
  it('defaults to 127.0.0.1:2947 and 32 clients, and reads every option', () => {
    expect(parseCommand(['serve'])).toEqual({
      kind: 'serve',
      listen: { host: '127.0.0.1', port: 2947 },
      nmeaListen: undefined,
      maxClients: 32,
      accuracy: undefined,
      backend: undefined,
      simulate: undefined,
    });
    expect(
      parseCommand(['serve', '--listen', '[::1]:3000', '--nmea-listen', '10110', '--max-clients', '4', '--simulate', '1,2', '--accuracy', 'best']),
    ).toMatchObject({ listen: { host: '::1', port: 3000 }, nmeaListen: { host: '127.0.0.1', port: 10110 }, maxClients: 4, simulate: '1,2', accuracy: 'best' });
    expect(parseCommand(['serve', '--listen', '0.0.0.0:2947'])).toMatchObject({ listen: { host: '0.0.0.0', port: 2947 } });
  });

  it.each([
    [['serve', '--listen', 'example.com:1'], /--listen must be PORT, HOST:PORT/],
    [['serve', '--listen', '70000'], /--listen must be PORT/],
    [['serve', '--nmea-listen', ''], /--nmea-listen must be PORT/],
    [['serve', '--max-clients', '0'], /--max-clients must be a whole number from 1 to 10000/],
    [['serve', '--watch'], /--watch does not apply to 'serve'/],
    [['--nmea', '--json'], /choose one of --json, --nmea/],
    [['--nmea', '--address'], /--address does not apply with --nmea/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('calls only loopback addresses loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1']) expect(isLoopback(host)).toBe(false);
  });
});

describe('whereami --nmea', () => {
  it('prints GGA and RMC for one fix', async () => {
    const result = await whereami(['--nmea', '--simulate', '-33.8568,151.2153,10']);
    expect(result.code).toBe(0);
    const sentences = result.stdout.split('\r\n').filter(Boolean).map(parseSentence);
    expect(sentences.map((s) => s.fields[0])).toEqual(['GPGGA', 'GPRMC']);
    for (const sentence of sentences) expect(sentence.checksumValid).toBe(true);
    const [lat, lon] = sentenceDegrees(sentences[0]?.fields ?? [], 2);
    expect(Math.abs(lat + 33.8568)).toBeLessThan(1e-6);
    expect(Math.abs(lon - 151.2153)).toBeLessThan(1e-6);
  });

  it('streams sentences with --watch until SIGINT, then exits 0', { timeout: 30_000 }, async () => {
    const child = start(['--nmea', '--watch', '--simulate', TRACK]);
    const done = collect(child);
    await linesArrive(child, 6);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(parseSentence(line).checksumValid).toBe(true);
  });
});

describe('whereami serve: the process', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('closes every socket and exits 0 promptly on %s', { timeout: 30_000 }, async (signal) => {
    const child = start(['serve', '--listen', '0', '--simulate', TRACK]);
    const done = collect(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    while (!/gpsd protocol on 127\.0\.0\.1:\d+/.test(stderr)) await once(child.stderr, 'data');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
    const client = await LineClient.open(port);
    client.send('?WATCH={"enable":true};\n');
    await client.until((x) => x.count('TPV') >= 1, 15_000, 'a TPV');
    const sent = Date.now();
    child.kill(signal);
    await client.waitForClose(5000);
    const result = await done;
    const took = Date.now() - sent;
    expect(result.code).toBe(0);
    expect(took).toBeLessThan(5000);
  });

  it('warns that a non-loopback --listen shares the location, and says why it cannot listen', async () => {
    // 192.0.2.1 is TEST-NET-1: not this machine's, so the bind fails and nothing is exposed.
    const result = await whereami(['serve', '--listen', '192.0.2.1:0', '--simulate', '1,2']);
    expect(result.stderr).toMatch(/warning: --listen 192\.0\.2\.1 is reachable from other machines; anyone who can connect learns where this computer is/);
    expect(result.stderr).toMatch(/cannot listen: .*EADDRNOTAVAIL/);
    expect(result.code).toBe(1);
  });
});
