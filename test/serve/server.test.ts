import { afterEach, describe, expect, it } from 'vitest';
import { LocationError } from '../../src/errors.js';
import { LocationServer, type LocationServerOptions } from '../../src/serve/location-server.js';
import { installScriptedLocation } from '../../src/testing/index.js';
import { fixNumber, LineClient, ManualSource } from './helpers.js';
import { parseSentence } from './nmea-reader.js';

const servers: LocationServer[] = [];
const clients: LineClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: LocationServerOptions = {}): Promise<{ server: LocationServer; port: number; nmeaPort: number | undefined }> {
  const server = new LocationServer({ listen: { port: 0 }, ...options });
  servers.push(server);
  const addresses = await server.listen();
  return { server, port: addresses.gpsd.port, nmeaPort: addresses.nmea?.port };
}

async function client(port: number): Promise<LineClient> {
  const c = await LineClient.open(port);
  clients.push(c);
  return c;
}

async function watcher(port: number, watch = '{"enable":true,"json":true}'): Promise<LineClient> {
  const c = await client(port);
  c.send(`?WATCH=${watch};\n`);
  await c.until((x) => x.count('WATCH') === 1, 10_000, 'WATCH');
  return c;
}

describe('location server: the gpsd protocol', () => {
  it('says VERSION on connect and answers ?VERSION; ?DEVICES; ?DEVICE; ?WATCH; on one line', async () => {
    const { port } = await start({ source: new ManualSource().source, release: 'test 1' });
    const c = await client(port);
    await c.until((x) => x.lines.length === 1, 10_000, 'VERSION');
    expect(c.objects()[0]).toEqual({ class: 'VERSION', release: 'test 1', rev: 'test 1', proto_major: 3, proto_minor: 14 });
    c.send('?VERSION;?DEVICES;?DEVICE;?WATCH;\r\n');
    await c.until((x) => x.lines.length === 5, 10_000, 'four answers');
    expect(c.objects().slice(1).map((o) => o['class'])).toEqual(['VERSION', 'DEVICES', 'DEVICE', 'WATCH']);
    expect(c.objects()[4]).toMatchObject({ enable: false, json: false, nmea: false });
  });

  it('streams TPV to a JSON watcher and NMEA to an NMEA watcher, and POLL returns the last fix', async () => {
    const source = new ManualSource();
    const { port } = await start({ source: source.source });
    const json = await watcher(port);
    const nmea = await watcher(port, '{"enable":true,"nmea":true}');
    expect(json.objects().map((o) => o['class'])).toEqual(['VERSION', 'DEVICES', 'WATCH']);
    source.push({ ...fixNumber(1), speed: 2, course: 90, altitudeAccuracy: 3 });
    await json.until((x) => x.count('TPV') === 1, 10_000, 'TPV');
    const tpv = json.objects().find((o) => o['class'] === 'TPV');
    expect(tpv).toMatchObject({ device: 'whereami', mode: 3, lat: 10.00001, lon: 20, altMSL: 1, alt: 1, speed: 2, track: 90 });
    expect(tpv?.['time']).toBe(new Date(fixNumber(1).timestamp).toISOString());
    // 68% radius 5 m -> 95%: eph 8.107 m, epx/epy 6.492 m; altitude 68% 3 m -> epv 5.88 m.
    expect(tpv).toMatchObject({ eph: 8.107, epx: 6.492, epy: 6.492, epv: 5.88 });
    await nmea.until((x) => x.lines.filter((l) => l.startsWith('$')).length === 2, 10_000, 'NMEA');
    for (const sentence of nmea.lines.filter((l) => l.startsWith('$'))) expect(parseSentence(sentence).checksumValid).toBe(true);
    expect(nmea.count('TPV')).toBe(0);
    json.send('?POLL;\n');
    await json.until((x) => x.count('POLL') === 1, 10_000, 'POLL');
    const poll = json.objects().find((o) => o['class'] === 'POLL') as { active: number; tpv: unknown[] };
    expect(poll.active).toBe(1);
    expect(poll.tpv).toEqual([tpv]);
  });

  it('answers bad requests with gpsd-style ERROR objects and keeps the connection', async () => {
    const { port } = await start({ source: new ManualSource().source });
    const c = await client(port);
    const bad = ['hello', '?FOO;', '?WATCH={"enable":1};', '?WATCH={"enable":true', '?WATCH={"colour":"red"};', '?DEVICE={"path":"/dev/ttyS0"};', '?POLL={};', '\u00ff\u0000'];
    for (const text of bad) c.send(`${text}\n`);
    await c.until((x) => x.count('ERROR') === bad.length, 10_000, 'errors');
    const messages = c.objects().filter((o) => o['class'] === 'ERROR').map((o) => o['message']);
    expect(messages).toEqual([
      'Unrecognized request "hello"',
      'Unrecognized request "?FOO"',
      'Invalid WATCH: enable must be true or false',
      "Invalid WATCH: expected a JSON object after '='",
      'Invalid WATCH: unknown attribute "colour"',
      'Devices cannot be configured through this server',
      'Invalid POLL: it takes no argument',
      // ÿ is two bytes in UTF-8, NUL one: three unprintable bytes.
      'Unrecognized request "???"',
    ]);
    c.send('?VERSION;\n');
    await c.until((x) => x.count('VERSION') === 2, 10_000, 'VERSION after errors');
  });

  it('disconnects a client whose request line passes 1024 bytes, after an ERROR', async () => {
    const { server, port } = await start({ source: new ManualSource().source });
    const c = await client(port);
    c.send('?'.padEnd(5000, 'A'));
    await c.waitForClose();
    expect(c.objects().at(-1)).toEqual({ class: 'ERROR', message: 'Request too long (the limit is 1024 bytes)' });
    await expect.poll(() => server.stats.dropped['line-too-long']).toBe(1);
  });

  it('refuses clients past the limit with a clear ERROR', async () => {
    const { server, port } = await start({ source: new ManualSource().source, maxClients: 2 });
    const first = await client(port);
    const second = await client(port);
    await first.until((x) => x.lines.length === 1);
    await second.until((x) => x.lines.length === 1);
    const third = await client(port);
    await third.waitForClose();
    expect(third.objects()).toEqual([{ class: 'ERROR', message: 'Too many clients (the limit is 2); try again later.' }]);
    expect(server.stats.refused).toBe(1);
    first.close();
    await expect.poll(() => server.stats.clients).toBe(1);
    const fourth = await client(port);
    await fourth.until((x) => x.count('VERSION') === 1, 10_000, 'a place freed');
  });

  it('disconnects a client that neither watches nor asks anything for the idle timeout', async () => {
    const { server, port } = await start({ source: new ManualSource().source, idleTimeoutMs: 200 });
    const idle = await client(port);
    const busy = await watcher(port);
    await idle.waitForClose(5000);
    await expect.poll(() => server.stats.dropped.idle).toBe(1);
    expect(busy.closed).toBe(false);
  });
});

describe('location server: the provider runs only while someone watches', () => {
  it('starts the watch with the first watcher and stops it when the last leaves; keeps no fix after', async () => {
    const source = new ManualSource();
    const { server, port } = await start({ source: source.source });
    const idle = await client(port);
    await idle.until((x) => x.lines.length === 1);
    expect(source.running).toBe(false);
    const a = await watcher(port);
    const b = await watcher(port);
    expect(source.starts).toBe(1);
    source.push(fixNumber(1));
    await b.until((x) => x.count('TPV') === 1);
    a.send('?WATCH={"enable":false};\n');
    await a.until((x) => x.count('WATCH') === 2);
    expect(source.running).toBe(true);
    b.close();
    await expect.poll(() => source.running).toBe(false);
    expect(source.stops).toBe(1);
    idle.send('?WATCH={"enable":true};?POLL;\n');
    await idle.until((x) => x.count('POLL') === 1);
    // A new watch: the position of the old one was forgotten, and "enable" alone means JSON.
    expect(idle.objects().find((o) => o['class'] === 'POLL')).toMatchObject({ active: 1, tpv: [] });
    expect(idle.objects().find((o) => o['class'] === 'WATCH')).toMatchObject({ enable: true, json: true });
    expect(source.starts).toBe(2);
    expect(server.stats.watching).toBe(1);
  });

  it('goes through the core shared watch by default (scripted backend: one provider watch, stopped after)', async () => {
    const scripted = installScriptedLocation({ latitude: 1.5, longitude: 2.5, accuracy: 10 });
    try {
      const { port, nmeaPort } = await start({ nmeaListen: { port: 0 } });
      expect(scripted.stats.activeWatches).toBe(0);
      const a = await watcher(port);
      const raw = await client(nmeaPort as number);
      await a.until((x) => x.count('TPV') >= 1);
      await raw.until((x) => x.lines.filter((l) => l.startsWith('$GPGGA')).length >= 1);
      expect(a.objects().find((o) => o['class'] === 'TPV')).toMatchObject({ lat: 1.5, lon: 2.5, mode: 2 });
      expect(scripted.stats.activeWatches).toBe(1);
      a.close();
      raw.close();
      await expect.poll(() => scripted.stats.activeWatches).toBe(0);
    } finally {
      scripted.uninstall();
    }
  });

  it('reports a provider failure as TPV mode 1 and void NMEA, keeps serving, and recovers', async () => {
    const source = new ManualSource();
    const failures: string[] = [];
    const { port } = await start({ source: source.source, onProviderError: (error, retry) => failures.push(`${error.code} ${retry}`) });
    const json = await watcher(port);
    const nmea = await watcher(port, '{"enable":true,"nmea":true}');
    source.push(fixNumber(1));
    await json.until((x) => x.count('TPV') === 1);
    source.fail(new LocationError('POSITION_UNAVAILABLE', 'gone'));
    await json.until((x) => x.count('TPV') === 2);
    expect(json.objects().filter((o) => o['class'] === 'TPV')[1]).toMatchObject({ class: 'TPV', mode: 1 });
    await nmea.until((x) => x.lines.some((l) => /^\$GPRMC,[^,]*,V,/.test(l)), 10_000, 'void RMC');
    expect(failures).toEqual(['POSITION_UNAVAILABLE 1000']);
    // The retry restarts the watch after a second; fixes flow again.
    await expect.poll(() => source.starts, { timeout: 5000 }).toBe(2);
    source.push(fixNumber(2));
    await json.until((x) => x.count('TPV') === 3);
    expect(json.objects().filter((o) => o['class'] === 'TPV')[2]).toMatchObject({ mode: 3, altMSL: 2 });
  });

  it('survives a source that throws when started, and retries', async () => {
    let calls = 0;
    const manual = new ManualSource();
    const { port } = await start({
      source: (listener) => {
        calls += 1;
        if (calls === 1) throw new LocationError('UNSUPPORTED_PLATFORM', 'nothing here');
        return manual.source(listener);
      },
      onProviderError: () => undefined,
    });
    const c = await watcher(port);
    await c.until((x) => x.count('TPV') === 1);
    expect(c.objects().find((o) => o['class'] === 'TPV')).toMatchObject({ mode: 1 });
    await expect.poll(() => manual.running, { timeout: 5000 }).toBe(true);
  });
});

describe('location server: options', () => {
  it('rejects bad options with errors naming them', () => {
    expect(() => new LocationServer({ listen: { port: 70000 } })).toThrow(/listen.port must be an integer from 0 to 65535/);
    expect(() => new LocationServer({ listen: { host: 'example.com', port: 1 } })).toThrow(/listen.host must be an IP address/);
    expect(() => new LocationServer({ maxClients: 0 })).toThrow(/maxClients must be an integer of at least 1/);
    expect(() => new LocationServer({ nmea: { talker: 'x' } })).toThrow(/talker/);
  });

  it('rejects listen() when the port is taken', async () => {
    const { port } = await start({ source: new ManualSource().source });
    const second = new LocationServer({ listen: { port }, source: new ManualSource().source });
    await expect(second.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await second.close();
  });
});
