/**
 * The whole command in-process, against a scripted simulated backend: the
 * failures a simulation spec cannot produce (denied, services off, an
 * unavailable position, a broken backend), address lookups, progress on a
 * terminal, and interruption of a one-shot request.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import { MACOS_LOCATION_PANE } from '../../src/cli/error-report.js';
import { run } from '../../src/cli/main.js';
import { defaultRegistry } from '../../src/default-locator.js';
import { LocationError } from '../../src/errors.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let backend: ScriptedBackend;

beforeEach(() => {
  backend = new ScriptedBackend({ track: parseSimulationSpec('52.52,13.405') });
  defaultRegistry.setOverride(backend);
});

afterEach(() => {
  defaultRegistry.setOverride(undefined);
  backend.close();
});

async function cli(
  argv: string[],
  options: { tty?: boolean; platform?: NodeJS.Platform; interrupt?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
): Promise<Outcome> {
  const stdout = new Capture(options.tty ?? false);
  const stderr = new Capture(options.tty ?? false);
  const code = await run(argv, {
    stdout,
    stderr,
    env: options.env ?? { NO_COLOR: '1' },
    platform: options.platform ?? 'darwin',
    interrupt: options.interrupt ?? new AbortController().signal,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('run(): what is a usage error, and what is a bug', () => {
  it('--simulate reaches the library in-process, with an empty env and nothing written to it', async () => {
    defaultRegistry.setOverride(undefined);
    const env: NodeJS.ProcessEnv = {};
    const r = await cli(['--simulate', '1,2', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ latitude: 1, longitude: 2, provider: 'simulated' });
    expect(env).toEqual({});
    expect(process.env['WHEREAMI_SIMULATE']).toBeUndefined();
  });

  function brokenFix(): void {
    // A backend bug the core passes on: a fix whose latitude is not a number.
    backend.getLocation = () => Promise.resolve({ latitude: 'north', longitude: 1, accuracy: 5, timestamp: Date.now(), provider: 'simulated' } as never);
  }

  it('an unexpected exception is exit 1 and one line that asks for a report, without the stack', async () => {
    brokenFix();
    const r = await cli([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^whereami: unexpected error: TypeError: .+\. This is a bug in whereami: please report it \(run again with --debug \(or WHEREAMI_DEBUG=1\) for the stack\)\.\n$/);
  });

  it.each([
    ['--debug', ['--debug'], {}],
    ['WHEREAMI_DEBUG=1', [], { WHEREAMI_DEBUG: '1' }],
  ])('with %s the stack follows the line', async (_name, args, env) => {
    brokenFix();
    const r = await cli(args, { env: { NO_COLOR: '1', ...env } });
    expect(r.code).toBe(1);
    const [line, ...stack] = r.stderr.trimEnd().split('\n');
    expect(line).toMatch(/^whereami: unexpected error: TypeError: .+ please report it \(the stack follows\)\.$/);
    expect(stack[0]).toMatch(/^TypeError: /);
    expect(stack.some((frame) => /^\s+at /.test(frame))).toBe(true);
  });

  it('a TypeError is not taken for a usage error', async () => {
    brokenFix();
    const r = await cli([]);
    expect(r.code).not.toBe(2);
    expect(r.stderr).not.toMatch(/^Usage: /m);
  });
});

describe('run(): failures become one line, a hint and a distinct exit code', () => {
  it('permission denied with no hint of its own: exit 3, the System Settings pane to open in the hint', async () => {
    backend.failNext(new LocationError('PERMISSION_DENIED', 'Location access was denied.'));
    const r = await cli([], { platform: 'darwin' });
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toBe(
      'whereami: Location access was denied.\n' +
        `  hint: Allow location access in System Settings > Privacy & Security > Location Services (open "${MACOS_LOCATION_PANE}"), then run whereami again.\n`,
    );
  });

  it("permission denied: exit 3, and the backend's own hint wins over the CLI's", async () => {
    backend.setAuthorizationStatus('denied');
    const r = await cli(['--json']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toBe(
      "whereami: Location access was denied.\n  hint: Allow location access in the system's privacy settings (a simulated denial: the test kit scripted it).\n",
    );
  });

  it('services off: exit 4, how to turn them on', async () => {
    backend.setServicesEnabled(false);
    const r = await cli([]);
    expect(r).toMatchObject({ code: 4, stdout: '' });
    expect(r.stderr).toMatch(/^whereami: Location Services are turned off\.\n {2}hint: Turn them on in the system's privacy settings/);
  });

  it('position unavailable: exit 5, with the CLI\'s hint when the error has none', async () => {
    backend.failNext(new LocationError('POSITION_UNAVAILABLE', 'No position could be found.'));
    const r = await cli([], { platform: 'darwin' });
    expect(r).toMatchObject({ code: 5, stdout: '' });
    expect(r.stderr).toMatch(/^whereami: No position could be found\.\n {2}hint: Turn Wi-Fi on/);
  });

  it('a broken backend: exit 1', async () => {
    backend.failNext(new LocationError('BACKEND_FAILURE', 'The helper crashed.'));
    const r = await cli([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^whereami: The helper crashed\.\n {2}hint: This is a bug/);
  });

  it('a watch that is denied ends with exit 3 after the fixes it had', async () => {
    const watching = cli(['--watch', '--json']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    backend.setAuthorizationStatus('denied');
    const r = await watching;
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ latitude: 52.52 });
    expect(r.stderr).toMatch(/^whereami: Location access was denied\./);
  });

  it('colours the error on a terminal unless NO_COLOR is set', async () => {
    backend.setServicesEnabled(false);
    expect((await cli([], { tty: true, env: {} })).stderr).toContain('\x1b[31m');
    expect((await cli([], { tty: true, env: { NO_COLOR: '1' } })).stderr).not.toContain('\x1b[');
  });
});

describe('run(): permission commands', () => {
  it('request-permission: exit 3 and a hint when the person says no', async () => {
    backend.setAuthorizationStatus('notDetermined');
    backend.setPermissionAnswer('denied');
    const r = await cli(['request-permission']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('authorization  denied\n');
    expect(r.stderr).toMatch(/location access is denied\. Allow location access in System Settings/);
    expect(backend.stats.authorizationRequests).toBe(1);
  });

  it('request-permission: exit 0 when granted, 4 without asking when services are off', async () => {
    backend.setAuthorizationStatus('notDetermined');
    expect(await cli(['request-permission', '--json'])).toMatchObject({ code: 0, stdout: '{"authorization":"authorized"}\n' });
    backend.setServicesEnabled(false);
    const off = await cli(['request-permission']);
    expect(off).toMatchObject({ code: 4, stdout: '' });
    expect(backend.stats.authorizationRequests).toBe(1);
  });

  it('status shows denial and reduced accuracy without prompting', async () => {
    backend.setAuthorizationStatus('denied');
    backend.setAccuracyAuthorization('reduced');
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ authorization: 'denied', servicesEnabled: true, accuracyAuthorization: 'reduced', approximateOnly: true });
    expect(backend.stats.authorizationRequests).toBe(0);
  });
});

describe('run(): --address', () => {
  const place = {
    latitude: 52.5163,
    longitude: 13.3777,
    street: 'Pariser Platz',
    streetNumber: '1',
    postalCode: '10117',
    city: 'Berlin',
    country: 'Germany',
    isoCountryCode: 'DE',
  };

  it('adds the address to every output mode', async () => {
    backend.setGeocoderAnswers({ reverse: [place] });
    const human = await cli(['--address']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^address\s+Pariser Platz 1, 10117 Berlin, Germany$/m);
    const json = await cli(['--address', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ latitude: 52.52, address: place });
    const geojson = await cli(['-A', '--geojson']);
    expect(JSON.parse(geojson.stdout)).toMatchObject({ properties: { address: { city: 'Berlin' } } });
    const format = await cli(['-f', '{city} ({isoCountryCode}) {address}']);
    expect(format).toEqual({ code: 0, stdout: 'Berlin (DE) Pariser Platz 1, 10117 Berlin, Germany\n', stderr: '' });
  });

  it('prints the fix, notes the failure and exits 8 when the geocoder refuses', async () => {
    backend.setGeocoderAnswers({ reverse: new LocationError('GEOCODER_RATE_LIMITED', 'Too many geocoding requests.') });
    const r = await cli(['--address', '--format', '{lat} {city}']);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('52.52 \n');
    expect(r.stderr).toBe('whereami: no address: Too many geocoding requests.\n');
  });

  it('exits 8 when the geocoder knows no place there', async () => {
    backend.setGeocoderAnswers({ reverse: [] });
    const r = await cli(['--address', '--json']);
    expect(r.code).toBe(8);
    expect(JSON.parse(r.stdout)).toMatchObject({ address: null });
    expect(r.stderr).toMatch(/no address is known for this position/);
  });
});

describe('run(): progress and interruption', () => {
  it('shows "locating... 1 s" on a terminal while a fix is slow, and erases it before the output', async () => {
    backend.setLatency(1300);
    const r = await cli(['--format', '{lat}'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('52.52\n');
    expect(r.stderr).toContain('locating... 1 s');
    // The last thing on stderr erases the progress line.
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('shows nothing when stderr is not a terminal', async () => {
    backend.setLatency(1300);
    const r = await cli(['--format', '{lat}'], { tty: false });
    expect(r).toEqual({ code: 0, stdout: '52.52\n', stderr: '' });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])('a one-shot request interrupted by %s exits %i quietly', async (signal, code) => {
    backend.setNeverAnswer(true);
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort(signal), 50);
    expect(await cli([], { interrupt: interrupt.signal })).toEqual({ code, stdout: '', stderr: '' });
  });

  it('a watch interrupted exits 0 with what it printed', async () => {
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort('SIGINT'), 50);
    const r = await cli(['--watch', '--format', '{lat},{lon}'], { interrupt: interrupt.signal });
    expect(r).toEqual({ code: 0, stdout: '52.52,13.405\n', stderr: '' });
    expect(backend.stats.activeWatches).toBe(0);
  });
});
