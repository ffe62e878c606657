/**
 * Privacy: getting a fix opens no network connection and writes nothing to
 * disk. Each case runs the built package in a fresh process twice over:
 * from inside, a preload records every network, file-writing and spawning
 * call made from JavaScript; from outside, strace (where installed) records
 * the system calls of the process and its children, native code included.
 *
 * Geocoding is the one path allowed to use the network (CLGeocoder asks
 * Apple's servers). The simulated backend's geocoder answers from a script
 * and uses none, which the geocoding case checks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nodeModule from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_DOUBLE, doubleAddon, doubleHelper } from './native-double.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Node 22.1+ keeps the command's code cache through its own module.enableCompileCache (src/cli/code-cache.ts).
const nodeCachesItself = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const recorder = fileURLToPath(new URL('./fixtures/record-io.mjs', import.meta.url));
const fakeHelper = fileURLToPath(new URL('../support/fake-helper.mjs', import.meta.url));
const built = existsSync(new URL('../../dist/index.js', import.meta.url));
const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;
const traces = mkdtempSync(join(tmpdir(), 'whereami-privacy-'));

afterAll(() => rmSync(traces, { recursive: true, force: true }));

interface IoRecord {
  network: string[];
  writes: string[];
  spawns: string[];
}

interface Observed {
  status: number | null;
  stdout: string;
  stderr: string;
  /** What JavaScript did, from the preload. */
  js: IoRecord;
  /** What the processes did, from strace; undefined without strace. */
  syscalls: { network: string[]; writes: string[] } | undefined;
}

const SYSCALLS =
  'socket,connect,sendto,bind,open,openat,creat,mkdir,mkdirat,unlink,unlinkat,rename,renameat,renameat2,truncate,symlink,symlinkat,link,linkat';

/** System-call lines that reach the network or change the file system. */
function classify(trace: string): { network: string[]; writes: string[] } {
  const network: string[] = [];
  const writes: string[] = [];
  for (const line of trace.split('\n')) {
    const call = /^\d+\s+(\w+)\((.*)$/.exec(line);
    if (!call) continue;
    const [, name = '', rest = ''] = call;
    if (name === 'socket' && /^AF_INET6?\b/.test(rest)) network.push(line);
    else if ((name === 'connect' || name === 'sendto' || name === 'bind') && /sa_family=AF_INET6?\b/.test(rest)) network.push(line);
    else if (name === 'bind') {
      // A Unix socket bound to a path is a file made on disk.
      if (/sun_path="[^@]/.test(rest)) writes.push(line);
    }
    else if (/^(open|openat|creat)$/.test(name)) {
      const path = /"([^"]*)"/.exec(rest)?.[1] ?? '';
      const writing = name === 'creat' || /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(rest);
      if (writing && !/^\/(dev|proc)\//.test(path)) writes.push(line);
    } else if (/^mkdir(at)?$/.test(name) && / = -1 EEXIST\b/.test(rest)) {
      // Making a folder that is already there changes nothing (Node 22's
      // compile cache tries its own on every run).
      continue;
    } else if (!/^(socket|connect|sendto|bind)$/.test(name)) {
      const path = /"([^"]*)"/.exec(rest)?.[1] ?? '';
      if (!/^\/(dev|proc)\//.test(path)) writes.push(line);
    }
  }
  return { network, writes };
}

let traceCount = 0;
function observe(argv: string[], env: Record<string, string> = {}): Observed {
  const traceFile = join(traces, `trace-${(traceCount += 1)}.txt`);
  const node = [process.execPath, '--import', recorder, ...argv];
  const command = strace ? ['strace', '-f', '-qq', '-e', `trace=${SYSCALLS}`, '-o', traceFile, ...node] : node;
  const result = spawnSync(command[0] as string, command.slice(1), {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, WHEREAMI_SIMULATE: '', WHEREAMI_BACKEND: '', ...env },
  });
  const line = result.stderr.split('\n').find((l) => l.startsWith('IO-RECORD '));
  const js = line ? (JSON.parse(line.slice('IO-RECORD '.length)) as IoRecord) : { network: ['(no record)'], writes: [], spawns: [] };
  const syscalls = strace ? classify(readFileSync(traceFile, 'utf8')) : undefined;
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr.replace(/\n?IO-RECORD .*\n?/, ''),
    js,
    syscalls,
  };
}

const script = (body: string): string[] => ['--input-type=module', '-e', body];

function expectNoNetworkNoWrites(observed: Observed): void {
  expect(observed.stderr.trim()).toBe('');
  expect(observed.status).toBe(0);
  expect(observed.js.network).toEqual([]);
  expect(observed.js.writes).toEqual([]);
  if (observed.syscalls) {
    expect(observed.syscalls.network).toEqual([]);
    expect(observed.syscalls.writes).toEqual([]);
  }
}

const where = strace ? 'from JavaScript and from strace' : 'from JavaScript only (strace is not installed)';

describe.skipIf(!built)(`privacy, seen ${where}${built ? '' : ': skipped, dist/ is not built'}`, () => {
  it('a fix, a watch and the permission calls open no connection and write nothing (simulated backend)', () => {
    const observed = observe(
      script(`
        const api = await import('node-whereami');
        await api.getLocation();
        const watch = api.watchLocation(); await watch.next(); watch.stop();
        await api.getAuthorizationStatus(); await api.requestAuthorization();
        await api.locationServicesEnabled(); await api.getAccuracyAuthorization();
        const { geolocation } = await import('node-whereami/geolocation');
        await new Promise((resolve, reject) => geolocation.getCurrentPosition(resolve, reject));
      `),
      { WHEREAMI_SIMULATE: '52.52,13.405' },
    );
    expectNoNetworkNoWrites(observed);
    expect(observed.js.spawns).toEqual([]);
  });

  it('the simulated geocoder uses no network either', () => {
    const observed = observe(
      script(`
        const api = await import('node-whereami');
        const { installScriptedLocation } = await import('node-whereami/testing');
        const location = installScriptedLocation({ latitude: 52.52, longitude: 13.405 });
        location.setGeocoderAnswers({ reverse: [{ latitude: 52.52, longitude: 13.405, city: 'Berlin' }] });
        const places = await api.reverseGeocode({ latitude: 52.52, longitude: 13.405 });
        if (places[0].city !== 'Berlin') throw new Error('no answer');
      `),
    );
    expectNoNetworkNoWrites(observed);
  });

  // The command keeps V8's compiled code for its own JavaScript in the
  // user's cache folder (src/cli/code-cache.ts): written once, on a run that
  // found none, and holding code, never a position. That is the one write
  // allowed, and only there; a run that finds the cache writes nothing.
  it('whereami --simulate 47.3769,8.5417 --json opens no connection and writes nothing but its code cache, once', () => {
    const cacheHome = mkdtempSync(join(traces, 'cache-home-'));
    const cacheFolder = join(cacheHome, 'node-whereami');
    // A position that appears nowhere in the package's own text (the help's example is 52.52,13.405).
    const argv = ['bin/whereami.cjs', '--simulate', '47.3769,8.5417', '--json'];
    const first = observe(argv, { XDG_CACHE_HOME: cacheHome });
    const cacheWrites = first.syscalls?.writes.filter((line) => line.includes(`"${cacheFolder}`)) ?? [];
    // Seen from JavaScript, the one write is making the folder (Node 22.1+ makes it before it hands it to Node).
    const jsCacheWrites = first.js.writes.filter((line) => line === `fs.mkdirSync ${cacheFolder}`);
    expectNoNetworkNoWrites({
      ...first,
      js: { ...first.js, writes: first.js.writes.filter((line) => !jsCacheWrites.includes(line)) },
      syscalls: first.syscalls && { ...first.syscalls, writes: first.syscalls.writes.filter((line) => !cacheWrites.includes(line)) },
    });
    expect(JSON.parse(first.stdout)).toMatchObject({ latitude: 47.3769, longitude: 8.5417 });
    // Node 20: our own file, through vm (node-whereami/<name>.v8cache). Node
    // 22.1+: Node's compile cache, in its own folder inside ours.
    const cacheWrite = nodeCachesItself
      ? /node-whereami(", 0700\)|\/node-compile-cache(\/[^"]*)?")/
      : /node-whereami(", 0700\)|\/[^"/]+\.v8cache(\.\d+\.tmp)?")/;
    if (first.syscalls) {
      expect(cacheWrites.length).toBeGreaterThan(0);
      for (const line of cacheWrites) expect(line).toMatch(cacheWrite);
    }
    expect(readdirSync(cacheFolder)).toEqual(nodeCachesItself ? ['node-compile-cache'] : [expect.stringMatching(/\.v8cache$/)]);
    const cachedFiles = readdirSync(cacheFolder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(cachedFiles.length).toBeGreaterThan(0);
    for (const entry of cachedFiles) {
      const cached = readFileSync(join(entry.parentPath, entry.name));
      expect(cached.includes('47.3769')).toBe(false);
      expect(cached.includes('8.5417')).toBe(false);
    }

    const second = observe(argv, { XDG_CACHE_HOME: cacheHome });
    expectNoNetworkNoWrites(second);
    expect(JSON.parse(second.stdout)).toMatchObject({ latitude: 47.3769, longitude: 8.5417 });
  });

  it('the helper backend starts only its helper, and opens no connection (Node stand-in helper)', () => {
    const observed = observe(
      script(`
        const api = await import('node-whereami');
        await api.getLocation();
      `),
      { WHEREAMI_BACKEND: 'helper', WHEREAMI_HELPER_PATH: fakeHelper },
    );
    expectNoNetworkNoWrites(observed);
    expect(observed.js.spawns).toEqual([`child_process.spawn ${fakeHelper}`]);
  });

  // GNUstep's run loop talks to its threads through NSMessagePort, Unix
  // sockets under /tmp/GNUstepSecure<uid>/NSMessagePort/ (and clears stale
  // ones there). That is the test platform's doing: on macOS the run loop
  // uses Mach ports and makes no file. Everything else must stay untouched.
  const GNUSTEP_PORTS = /"\/tmp\/GNUstepSecure\d+\/NSMessagePort\//;

  it.skipIf(!doubleAddon)(
    `a fix and a watch through the addon over the CoreLocation double open no connection and write nothing but GNUstep's ports${doubleAddon ? '' : ` (${NO_DOUBLE})`}`,
    () => {
      const observed = observe(
        script(`
          const api = await import('node-whereami');
          await api.getLocation({ timeout: 10000 });
          const watch = api.watchLocation(); await watch.next(); watch.stop();
          await api.getAuthorizationStatus(); await api.locationServicesEnabled();
        `),
        { WHEREAMI_BACKEND: 'addon', WHEREAMI_ADDON_PATH: doubleAddon ?? '' },
      );
      if (observed.syscalls) observed.syscalls.writes = observed.syscalls.writes.filter((line) => !GNUSTEP_PORTS.test(line));
      expectNoNetworkNoWrites(observed);
      expect(observed.js.spawns).toEqual([]);
    },
  );

  // CLGeocoder answers on the main run loop, which only the helper runs in a
  // plain Node process: the geocode goes through the double-built helper.
  it.skipIf(!doubleHelper)(
    `reverse geocoding through the helper over the CoreLocation double uses no network either (CLGeocoder would; the double answers locally)${doubleHelper ? '' : ` (${NO_DOUBLE})`}`,
    () => {
      const observed = observe(
        script(`
          const { HelperProvider, NativeBackend } = await import(${JSON.stringify(join(root, 'dist/internal.js'))});
          const helper = new HelperProvider(process.env.WHEREAMI_HELPER_PATH);
          await helper.rawCall('testDouble', { op: 'setPlaces', places: [{ latitude: 52.52, longitude: 13.405, city: 'Berlin' }] });
          const backend = new NativeBackend(helper, { name: 'helper', provider: 'corelocation' });
          const places = await backend.reverseGeocode({ latitude: 52.52, longitude: 13.405 }, new AbortController().signal);
          backend.close();
          if (places[0].city !== 'Berlin') throw new Error('no answer');
        `),
        { WHEREAMI_HELPER_PATH: doubleHelper ?? '' },
      );
      if (observed.syscalls) observed.syscalls.writes = observed.syscalls.writes.filter((line) => !GNUSTEP_PORTS.test(line));
      expectNoNetworkNoWrites(observed);
    },
  );

  it('sees a connection and a file write when there are some (control)', () => {
    const file = join(traces, 'control.txt');
    const observed = observe(
      script(`
        import { writeFileSync } from 'node:fs';
        import net from 'node:net';
        writeFileSync(${JSON.stringify(file)}, 'x');
        await new Promise((resolve) => net.connect(9, '127.0.0.1').on('error', resolve).on('connect', resolve));
      `),
    );
    expect(observed.js.writes).toEqual([`fs.writeFileSync ${file}`]);
    expect(observed.js.network.length).toBeGreaterThan(0);
    if (observed.syscalls) {
      expect(observed.syscalls.writes.some((line) => line.includes(file))).toBe(true);
      expect(observed.syscalls.network.some((line) => line.includes('AF_INET'))).toBe(true);
    }
  });
});
