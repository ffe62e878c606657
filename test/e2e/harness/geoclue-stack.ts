/**
 * A private GeoClue2 world for one test file, with no change to /etc and no
 * network: its own D-Bus system bus, a real GeoClue daemon whose
 * /etc/geoclue/geoclue.conf is this stack's own file, bind-mounted in a
 * private mount namespace, reading NMEA from a fake GPS on a Unix socket
 * (every other source off, the Wi-Fi/IP lookup pointed at a closed loopback
 * port), and a test agent for this user. Facts: /work/shared/notes/geoclue.md.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGps, type FakeGpsOptions, type GpsPosition } from './fake-gps.js';
import { pidAlive, start, type Tracked } from './processes.js';
import { nativeTool } from './native-tools.js';

export const GEOCLUE_DAEMON = '/usr/libexec/geoclue';
export const AGENT_ID = 'whereami-test-agent';
/** GeoClue's demo agent (package geoclue-2-demo), which the no-agent error names. */
export const DEMO_AGENT = '/usr/libexec/geoclue-2.0/demos/agent';
/** GeoClue's own C demo client (package geoclue-2-demo): another app on the same daemon, and the bench's peer. */
export const WHERE_AM_I = '/usr/libexec/geoclue-2.0/demos/where-am-i';
/** A desktop id the stack's geoclue.conf refuses. */
export const DENIED_APP = 'whereami-denied-app';

export const HOME_POSITION: GpsPosition = { latitude: 48.8584, longitude: 2.2945, hdop: 4.0, altitude: 35 };

export interface StackOptions {
  /** false: no agent (GeoClue then holds CreateClient). */
  agent?: boolean;
  gps?: FakeGpsOptions;
  /**
   * XML added to the bus configuration after GeoClue's policy: a
   * `<policy context="mandatory">` with a `<deny>` makes the bus itself
   * refuse a call, at once, whatever GeoClue would say; a `<servicedir>`
   * makes names activatable.
   */
  busConfig?: string;
}

export interface AgentOptions {
  deny?: boolean;
  maxLevel?: number;
}

function busConfig(socket: string, extra: string): string {
  // The default policy of /usr/share/dbus-1/system.conf (root may monitor
  // the bus, as there), GeoClue's own, then the test's own `extra`.
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
    <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus" send_member="UpdateActivationEnvironment"/>
  </policy>
  <policy user="root">
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Monitoring"/>
  </policy>
  <include ignore_missing="no">/etc/dbus-1/system.d/org.freedesktop.GeoClue2.conf</include>
  <include ignore_missing="no">/etc/dbus-1/system.d/org.freedesktop.GeoClue2.Agent.conf</include>
${extra}
</busconfig>
`;
}

function geoclueConfig(nmeaSocket: string): string {
  return `[agent]
whitelist=${AGENT_ID};geoclue-demo-agent

[network-nmea]
enable=true
nmea-socket=${nmeaSocket}

[3g]
enable=false

[cdma]
enable=false

[modem-gps]
enable=false

[wifi]
enable=false
url=http://127.0.0.1:9/
submit-data=false

[compass]
enable=false

[${DENIED_APP}]
allowed=false
system=false
users=
`;
}

/** Why this machine cannot run the stack, or undefined when it can. */
export function whyStackCannotRun(): string | undefined {
  if (process.platform !== 'linux') return `GeoClue2 is Linux-only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'a private mount namespace for geoclue.conf needs root (unshare -m)';
  for (const tool of [GEOCLUE_DAEMON, '/usr/bin/dbus-daemon', '/usr/bin/dbus-send', '/usr/bin/unshare']) {
    try {
      execFileSync('test', ['-x', tool]);
    } catch {
      return `${tool} is missing (apt-get install --no-install-recommends $(cat .ci/apt-packages.txt))`;
    }
  }
  return undefined;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export class GeoClueStack {
  readonly dir: string;
  readonly gps: FakeGps;
  readonly busSocket: string;
  busAddress = '';
  bus: Tracked | undefined;
  daemon: Tracked | undefined;
  agent: Tracked | undefined;
  /** Clients started with startWhereAmI, stopped first. */
  readonly #clients: Tracked[] = [];
  /** Every PID this stack ever started, for the "all gone" check. */
  readonly pids: number[] = [];
  /** How long the last startBus + startDaemon took, in ms. */
  startupMs = 0;

  constructor(gps: FakeGpsOptions = {}, extraBusConfig = '') {
    this.dir = mkdtempSync(join(tmpdir(), 'whereami-e2e-'));
    // GeoClue runs as the geoclue user: it must reach the config and sockets.
    chmodSync(this.dir, 0o755);
    this.busSocket = join(this.dir, 'bus.sock');
    this.gps = new FakeGps(join(this.dir, 'gps.sock'), HOME_POSITION, gps);
    writeFileSync(join(this.dir, 'bus.conf'), busConfig(this.busSocket, extraBusConfig));
    writeFileSync(join(this.dir, 'geoclue.conf'), geoclueConfig(this.gps.path), { mode: 0o644 });
  }

  /** Bus, daemon, GPS (with `gps` options) and (unless `agent: false`) the agent. */
  static async start(options: StackOptions = {}): Promise<GeoClueStack> {
    const stack = new GeoClueStack(options.gps, options.busConfig);
    try {
      await stack.gps.listen();
      const began = Date.now();
      await stack.startBus();
      await stack.startDaemon();
      stack.startupMs = Date.now() - began;
      if (options.agent !== false) await stack.startAgent();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get env(): NodeJS.ProcessEnv {
    return { DBUS_SYSTEM_BUS_ADDRESS: this.busAddress };
  }

  async startBus(): Promise<void> {
    rmSync(this.busSocket, { force: true });
    const bus = start(
      'dbus-daemon',
      'dbus-daemon',
      [`--config-file=${join(this.dir, 'bus.conf')}`, '--nofork', '--print-address=1'],
      join(this.dir, 'bus.log'),
    );
    this.#track(bus);
    this.bus = bus;
    await bus.waitForLine((line) => line.startsWith('unix:'), 5000);
    this.busAddress = bus.lines().find((line) => line.startsWith('unix:')) ?? '';
  }

  async startDaemon(): Promise<void> {
    const conf = join(this.dir, 'geoclue.conf');
    // unshare and sh exec in place: the PID tracked is the daemon's own.
    const script = `mount --bind '${conf}' /etc/geoclue/geoclue.conf && exec setpriv --reuid=geoclue --regid=geoclue --init-groups ${GEOCLUE_DAEMON} -t 0`;
    const daemon = start('geoclue', 'unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], join(this.dir, 'geoclue.log'), {
      env: { ...process.env, ...this.env, HOME: '/var/lib/geoclue', GSETTINGS_BACKEND: 'memory', G_MESSAGES_DEBUG: 'all' },
    });
    this.#track(daemon);
    this.daemon = daemon;
    // A running agent registers again by itself when GeoClue reappears.
    const agent = this.agent;
    const registered = agent?.lines().filter((line) => line === 'registered').length ?? 0;
    await this.#waitForName(daemon);
    await agent?.waitForLine((line) => line === 'registered', 5000, registered);
  }

  async startAgent(options: AgentOptions = {}): Promise<void> {
    const args = ['--id', AGENT_ID];
    if (options.deny) args.push('--deny');
    if (options.maxLevel !== undefined) args.push('--max-level', String(options.maxLevel));
    const agent = start('test-agent', nativeTool('agent'), args, join(this.dir, 'agent.log'), {
      env: { ...process.env, ...this.env },
    });
    this.#track(agent);
    this.agent = agent;
    await agent.waitForLine((line) => line === 'registered', 5000);
  }

  /** GeoClue's demo agent; it prints nothing when registered, so callers poll. */
  startDemoAgent(): Tracked {
    const agent = start('demo-agent', DEMO_AGENT, [], join(this.dir, 'demo-agent.log'), { env: { ...process.env, ...this.env } });
    this.#track(agent);
    this.agent = agent;
    return agent;
  }

  /**
   * GeoClue's where-am-i as a second client, exact level, for `seconds`; it
   * prints "Latitude:" for each location it gets. Stopped with the stack.
   */
  startWhereAmI(seconds = 300): Tracked {
    const client = start('where-am-i', WHERE_AM_I, ['-a', '8', '-t', String(seconds)], join(this.dir, 'where-am-i.log'), {
      env: { ...process.env, ...this.env },
    });
    this.#track(client);
    this.#clients.push(client);
    return client;
  }

  /**
   * dbus-monitor on this stack's bus, running once it has become a monitor;
   * parse what it printed with parseMonitor (bus-monitor.ts). Stopped with
   * the stack.
   */
  async startMonitor(): Promise<Tracked> {
    const monitor = start('dbus-monitor', 'dbus-monitor', ['--address', this.busAddress, '--monitor'], join(this.dir, 'monitor.log'));
    this.#track(monitor);
    this.#clients.push(monitor);
    // Becoming a monitor drops its unique name: NameLost is its last word before the traffic.
    await monitor.waitForLine((line) => line.includes('member=NameLost'), 5000);
    return monitor;
  }

  async killDaemon(): Promise<void> {
    await this.daemon?.stop('SIGKILL');
  }

  async stopAgent(): Promise<void> {
    await this.agent?.stop();
    this.agent = undefined;
  }

  async killBus(): Promise<void> {
    await this.bus?.stop('SIGKILL');
  }

  /** Stops everything by PID, closes the GPS and removes the directory. */
  async stop(): Promise<void> {
    for (const process of [...this.#clients, this.agent, this.daemon, this.bus]) await process?.stop();
    await this.gps.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** PIDs this stack started that still exist. */
  survivors(): number[] {
    return this.pids.filter(pidAlive);
  }

  #track(process: Tracked): void {
    this.pids.push(process.pid);
  }

  async #waitForName(daemon: Tracked): Promise<void> {
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      if (!daemon.running) throw new Error(`geoclue exited; see ${join(this.dir, 'geoclue.log')}`);
      try {
        const out = execFileSync(
          'dbus-send',
          [`--bus=${this.busAddress}`, '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
            'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.GeoClue2'],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
        if (out.includes('boolean true')) return;
      } catch {
        // the bus is not answering yet
      }
      await sleep(20);
    }
    throw new Error('GeoClue did not take its name on the bus within 10 s');
  }
}
