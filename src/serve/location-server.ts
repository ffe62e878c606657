/**
 * A gpsd-compatible location server: the gpsd JSON protocol on one TCP port
 * and, optionally, raw NMEA 0183 on another. It asks the location provider
 * only while at least one client is watching, through the core's shared
 * watch like any other caller, and stops the watch when the last one leaves.
 * A provider failure becomes a "no fix" report (TPV mode 1, void NMEA) and
 * the server retries, with backoff, for as long as someone is watching.
 */
import { createServer, isIP, type AddressInfo, type Server, type Socket } from 'node:net';
import { defaultLocator } from '../default-locator.js';
import { asLocationError, type LocationError } from '../errors.js';
import type { Location, WatchOptions } from '../types.js';
import type { Subscription, WatchListener } from '../watch-hub.js';
import { Connection, type DropReason } from './connection.js';
import { parseRequestLine, type Request, type WatchArgs } from './gpsd-commands.js';
import {
  devicesObject,
  deviceObject,
  errorObject,
  line,
  pollObject,
  tpvFromFix,
  tpvWithoutFix,
  versionObject,
  watchObject,
  type WatchPolicy,
} from './gpsd-json.js';
import { formatNmea, formatNmeaNoFix, nmeaSentence, type NmeaOptions } from './nmea.js';

/** The registered gpsd port. */
export const GPSD_PORT = 2947;
/** The registered NMEA-over-IP port. */
export const NMEA_PORT = 10110;
export const DEFAULT_MAX_CLIENTS = 32;
/** Backlog a client may leave unread before it is dropped: minutes of reports at any sane rate. */
export const DEFAULT_MAX_BUFFERED_BYTES = 256 * 1024;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** gpsd documents 80 characters; real clients send a little more (device paths), nobody sends kilobytes. */
export const MAX_REQUEST_LINE_BYTES = 1024;
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

export interface ListenAddress {
  /** Default '127.0.0.1'. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

/** Where a fix stream comes from: the library's shared watch unless a test or an app brings its own. */
export type FixSource = (listener: WatchListener) => Subscription;

export interface LocationServerOptions {
  /** The gpsd JSON port. Default 127.0.0.1:2947. */
  listen?: ListenAddress;
  /** Also serve raw NMEA here (the registered port is 10110). Default: off. */
  nmeaListen?: ListenAddress;
  /** Clients at once over both ports; more are refused with an error. Default 32. */
  maxClients?: number;
  /** Unsent bytes a client may pile up before it is dropped. Default 256 KiB. */
  maxBufferedBytes?: number;
  /** A gpsd-port client that neither watches nor asks anything this long is disconnected. Default 60 s; 0: never. */
  idleTimeoutMs?: number;
  /** Options of the provider watch (backend, accuracy, distanceFilter). */
  watch?: WatchOptions;
  /** Replaces the library's watch as the source of fixes. */
  source?: FixSource;
  /** The device name in reports. Default 'whereami'. */
  device?: string;
  /** The release named in VERSION. */
  release?: string;
  nmea?: NmeaOptions;
  /** Called when the provider fails (the server keeps running and retries). */
  onProviderError?: (error: LocationError, retryInMs: number) => void;
}

export interface ServerAddresses {
  gpsd: AddressInfo;
  nmea?: AddressInfo;
}

export interface ServerStats {
  clients: number;
  watching: number;
  providerRunning: boolean;
  fixes: number;
  refused: number;
  dropped: Record<Exclude<DropReason, 'closed'>, number>;
}

interface Client {
  connection: Connection;
  /** 'gpsd' speaks the JSON protocol; 'nmea' only receives sentences. */
  kind: 'gpsd' | 'nmea';
  policy: WatchPolicy;
}

function checkAddress(value: ListenAddress | undefined, name: string): Required<ListenAddress> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} must be an object with host and port`);
  const host = value.host ?? '127.0.0.1';
  if (typeof host !== 'string' || (isIP(host) === 0 && host !== 'localhost')) {
    throw new TypeError(`${name}.host must be an IP address or 'localhost', got ${JSON.stringify(host)}`);
  }
  if (!Number.isInteger(value.port) || value.port < 0 || value.port > 65535) {
    throw new RangeError(`${name}.port must be an integer from 0 to 65535, got ${JSON.stringify(value.port)}`);
  }
  return { host, port: value.port };
}

function checkCount(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer of at least ${min}, got ${String(value)}`);
  return value;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host) || host === '::ffff:127.0.0.1';
}

export class LocationServer {
  readonly #listen: Required<ListenAddress>;
  readonly #nmeaListen: Required<ListenAddress> | undefined;
  readonly #maxClients: number;
  readonly #limits: { maxBufferedBytes: number; maxLineBytes: number };
  readonly #idleTimeoutMs: number;
  readonly #source: FixSource;
  readonly #device: string;
  readonly #release: string;
  readonly #nmeaOptions: NmeaOptions | undefined;
  readonly #onProviderError: ((error: LocationError, retryInMs: number) => void) | undefined;
  readonly #clients = new Set<Client>();
  readonly #servers: Server[] = [];
  #subscription: Subscription | undefined;
  /** Bumped at every provider start and stop: callbacks of an older watch are ignored. */
  #generation = 0;
  #activatedAt: number | undefined;
  #lastFix: Location | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryMs = FIRST_RETRY_MS;
  #closing = false;
  #stats = { fixes: 0, refused: 0, dropped: { slow: 0, 'line-too-long': 0, idle: 0, refused: 0 } };

  /**
   * @throws TypeError or RangeError for a bad option, naming it.
   */
  constructor(options: LocationServerOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    this.#listen = checkAddress(options.listen ?? { port: GPSD_PORT }, 'listen') as Required<ListenAddress>;
    this.#nmeaListen = checkAddress(options.nmeaListen, 'nmeaListen');
    this.#maxClients = checkCount(options.maxClients, 'maxClients', DEFAULT_MAX_CLIENTS, 1);
    this.#limits = {
      maxBufferedBytes: checkCount(options.maxBufferedBytes, 'maxBufferedBytes', DEFAULT_MAX_BUFFERED_BYTES, 1024),
      maxLineBytes: MAX_REQUEST_LINE_BYTES,
    };
    this.#idleTimeoutMs = checkCount(options.idleTimeoutMs, 'idleTimeoutMs', DEFAULT_IDLE_TIMEOUT_MS, 0);
    if (options.source !== undefined && typeof options.source !== 'function') throw new TypeError('source must be a function');
    const watch = options.watch;
    // The core's shared watch itself, not index.ts's subscribeLocation (whose
    // listener check this listener needs not): importing index.ts from here
    // would put it in a chunk of its own and cost `import 'node-whereami'` a file.
    this.#source = options.source ?? ((listener) => defaultLocator.watch(watch, listener));
    this.#device = options.device ?? 'whereami';
    this.#release = options.release ?? 'node-whereami';
    this.#nmeaOptions = options.nmea;
    // Fail now, not at the first fix, for a bad talker or sentence list.
    formatNmeaNoFix(0, this.#nmeaOptions);
    this.#onProviderError = options.onProviderError;
  }

  /**
   * Starts listening. Resolves with the bound addresses (useful with port 0).
   * @throws Error (rejected) when a port cannot be bound, e.g. EADDRINUSE.
   */
  async listen(): Promise<ServerAddresses> {
    if (this.#servers.length > 0) throw new Error('the server is already listening');
    const gpsd = await this.#bind(this.#listen, 'gpsd');
    const nmea = this.#nmeaListen ? await this.#bind(this.#nmeaListen, 'nmea') : undefined;
    return nmea ? { gpsd, nmea } : { gpsd };
  }

  /** Closes every socket and stops the provider. Resolves when the ports are released. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const client of [...this.#clients]) client.connection.drop('closed');
    this.#clients.clear();
    this.#updateProvider();
    await Promise.all(this.#servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    this.#servers.length = 0;
  }

  get stats(): ServerStats {
    return {
      clients: this.#clients.size,
      watching: this.#watchingCount(),
      providerRunning: this.#subscription !== undefined,
      fixes: this.#stats.fixes,
      refused: this.#stats.refused,
      dropped: { ...this.#stats.dropped },
    };
  }

  #bind(address: Required<ListenAddress>, kind: Client['kind']): Promise<AddressInfo> {
    const server = createServer({ noDelay: true }, (socket) => this.#accept(socket, kind));
    this.#servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address.host, port: address.port }, () => {
        server.off('error', reject);
        // A failing accept (EMFILE) must not take the server down.
        server.on('error', () => undefined);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  #accept(socket: Socket, kind: Client['kind']): void {
    const connection = new Connection(socket, this.#limits);
    if (this.#closing) {
      connection.drop('closed');
      return;
    }
    if (this.#clients.size >= this.#maxClients) {
      this.#stats.refused += 1;
      const message = `Too many clients (the limit is ${this.#maxClients}); try again later.`;
      connection.sendAndClose(kind === 'gpsd' ? line(errorObject(message)) : nmeaSentence(`GPTXT,01,01,01,${message.replace(/[,*$]/g, ' ')}`), 'refused');
      return;
    }
    const client: Client = { connection, kind, policy: { enable: kind === 'nmea', json: false, nmea: kind === 'nmea' } };
    this.#clients.add(client);
    socket.on('close', () => this.#forget(client));
    if (kind === 'gpsd') {
      socket.on('data', (chunk: Buffer) => this.#onData(client, chunk));
      this.#armIdle(client);
      connection.send(line(versionObject(this.#release)));
    } else {
      // The NMEA port only talks; what a client sends there is read and discarded so it cannot pile up.
      socket.on('data', () => undefined);
      this.#updateProvider();
      if (this.#lastFix) connection.send(formatNmea(this.#lastFix, this.#nmeaOptions));
    }
  }

  #forget(client: Client): void {
    const reason = client.connection.dropReason;
    if (reason !== undefined && reason !== 'closed' && reason !== 'refused') this.#stats.dropped[reason] += 1;
    if (this.#clients.delete(client)) this.#updateProvider();
  }

  #armIdle(client: Client): void {
    const watching = client.policy.enable;
    client.connection.socket.setTimeout(watching || this.#idleTimeoutMs === 0 ? 0 : this.#idleTimeoutMs);
    if (client.connection.socket.listenerCount('timeout') === 0) {
      client.connection.socket.on('timeout', () => client.connection.drop('idle'));
    }
  }

  #onData(client: Client, chunk: Buffer): void {
    const lines = client.connection.takeLines(chunk);
    if (lines === 'too-long') {
      client.connection.sendAndClose(line(errorObject(`Request too long (the limit is ${MAX_REQUEST_LINE_BYTES} bytes)`)), 'line-too-long');
      return;
    }
    for (const text of lines) {
      if (text.trim() === '') continue;
      for (const request of parseRequestLine(text)) {
        if (!client.connection.open) return;
        this.#handle(client, request);
      }
    }
    this.#armIdle(client);
  }

  #handle(client: Client, request: Request): void {
    const send = (text: string): boolean => client.connection.send(text);
    switch (request.kind) {
      case 'error':
        send(line(errorObject(request.message)));
        return;
      case 'VERSION':
        send(line(versionObject(this.#release)));
        return;
      case 'DEVICES':
        send(line(devicesObject(this.#device, this.#activatedAt)));
        return;
      case 'DEVICE':
        send(
          line(
            request.configure
              ? errorObject('Devices cannot be configured through this server')
              : deviceObject(this.#device, this.#activatedAt),
          ),
        );
        return;
      case 'POLL': {
        const active = this.#subscription ? 1 : 0;
        const tpv = this.#lastFix ? tpvFromFix(this.#lastFix, this.#device) : undefined;
        send(line(pollObject(Date.now(), client.policy.enable ? tpv : undefined, active)));
        return;
      }
      case 'WATCH':
        this.#watch(client, request.args);
        return;
    }
  }

  #watch(client: Client, args: WatchArgs | undefined): void {
    if (args?.device !== undefined && args.device !== this.#device) {
      client.connection.send(line(errorObject(`No such device ${JSON.stringify(args.device.slice(0, 40))}; this server has ${JSON.stringify(this.#device)}`)));
      return;
    }
    if (args) {
      const policy = client.policy;
      const wasEnabled = policy.enable;
      if (args.enable !== undefined) policy.enable = args.enable;
      if (args.json !== undefined) policy.json = args.json;
      if (args.nmea !== undefined) policy.nmea = args.nmea;
      if (args.raw !== undefined && args.raw > 0) policy.nmea = true;
      // As gpsd does: enabling a watch that names no format means JSON.
      if (policy.enable && args.json === undefined && args.nmea === undefined && args.raw === undefined && !policy.nmea) {
        policy.json = true;
      }
      if (policy.enable && !wasEnabled) client.connection.send(line(devicesObject(this.#device, this.#activatedAt ?? Date.now())));
      client.connection.send(line(watchObject(policy)));
      this.#updateProvider();
      this.#armIdle(client);
      // A new watcher gets the current position at once, as gpsd does from its last report.
      if (policy.enable && !wasEnabled && this.#lastFix) this.#sendFix(client, this.#lastFix);
      return;
    }
    client.connection.send(line(watchObject(client.policy)));
  }

  #watchingCount(): number {
    let count = 0;
    for (const client of this.#clients) if (client.policy.enable) count += 1;
    return count;
  }

  /** Starts the provider watch when someone watches and none runs; stops it when no one does. */
  #updateProvider(): void {
    const needed = !this.#closing && this.#watchingCount() > 0;
    if (needed && this.#subscription === undefined && this.#retryTimer === undefined) this.#startProvider();
    if (!needed) this.#stopProvider();
  }

  #startProvider(): void {
    this.#generation += 1;
    const generation = this.#generation;
    this.#activatedAt = Date.now();
    const listener: WatchListener = {
      location: (fix) => {
        if (generation === this.#generation) this.#onFix(fix);
      },
      error: (error, fatal) => {
        if (generation === this.#generation && fatal) this.#onProviderFailure(error);
      },
    };
    try {
      const subscription = this.#source(listener);
      // The source may have failed synchronously, inside the call.
      if (generation === this.#generation) this.#subscription = subscription;
      else subscription.stop();
    } catch (error) {
      if (generation === this.#generation) this.#onProviderFailure(asLocationError(error));
    }
  }

  #stopProvider(): void {
    this.#generation += 1;
    const subscription = this.#subscription;
    this.#subscription = undefined;
    subscription?.stop();
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#retryMs = FIRST_RETRY_MS;
    this.#activatedAt = undefined;
    // Nobody watches: the server keeps no position.
    this.#lastFix = undefined;
  }

  #onProviderFailure(error: LocationError): void {
    this.#generation += 1;
    this.#subscription = undefined;
    this.#lastFix = undefined;
    const now = Date.now();
    const tpv = line(tpvWithoutFix(this.#device, 1, now));
    const nmea = formatNmeaNoFix(now, this.#nmeaOptions);
    for (const client of [...this.#clients]) {
      if (!client.policy.enable) continue;
      if (client.kind === 'gpsd' && client.policy.json) client.connection.send(tpv);
      if (client.policy.nmea) client.connection.send(nmea);
    }
    const delay = this.#retryMs;
    this.#retryMs = Math.min(LONGEST_RETRY_MS, this.#retryMs * 2);
    this.#onProviderError?.(error, delay);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#updateProvider();
    }, delay);
  }

  #onFix(fix: Location): void {
    this.#lastFix = fix;
    this.#retryMs = FIRST_RETRY_MS;
    this.#stats.fixes += 1;
    // Each form is made once per fix, whatever the number of clients.
    let tpv: string | undefined;
    let nmea: string | undefined;
    for (const client of [...this.#clients]) {
      if (!client.policy.enable) continue;
      if (client.kind === 'gpsd' && client.policy.json) client.connection.send((tpv ??= line(tpvFromFix(fix, this.#device))));
      if (client.policy.nmea) client.connection.send((nmea ??= formatNmea(fix, this.#nmeaOptions)));
    }
  }

  #sendFix(client: Client, fix: Location): void {
    if (client.kind === 'gpsd' && client.policy.json) client.connection.send(line(tpvFromFix(fix, this.#device)));
    if (client.policy.nmea) client.connection.send(formatNmea(fix, this.#nmeaOptions));
  }
}
