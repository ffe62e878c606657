/**
 * A fake GPS receiver for GeoClue's `nmea-socket`: a Unix socket server that
 * writes one GGA and one RMC sentence (valid checksums, the current UTC time)
 * to every connected client, five times a second by default. GeoClue connects
 * as a client when one of its own clients starts.
 *
 * A real receiver sends on its own schedule, not when someone connects:
 * `{ intervalMs, onConnect: false }` does that, and `{ stepDegrees }` moves
 * the position by that much north on every send, so each fix names the send
 * it came from (`sends`), whatever the fix's timestamp says.
 */
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';

export interface GpsPosition {
  latitude: number;
  longitude: number;
  /** Horizontal dilution of precision; GeoClue 2.6 turns 4.0 into 3 m. */
  hdop: number;
  altitude: number;
}

/** GeoClue 2.6's accuracy for an HDOP (gclue-location.c, get_accuracy_from_hdop). */
export function accuracyForHdop(hdop: number): number {
  if (hdop <= 1) return 0;
  if (hdop <= 2) return 1;
  if (hdop <= 5) return 3;
  if (hdop <= 10) return 50;
  if (hdop <= 20) return 100;
  return 300;
}

function checksum(body: string): string {
  let sum = 0;
  for (const char of body) sum ^= char.charCodeAt(0);
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** ddmm.mmmmmmm with `degreeDigits` digits of degrees: 7 decimals of minutes keep 1e-8 degree. */
function degreesMinutes(value: number, degreeDigits: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = (abs - degrees) * 60;
  return `${String(degrees).padStart(degreeDigits, '0')}${minutes.toFixed(7).padStart(10, '0')}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

export function nmeaSentences(position: GpsPosition, now: Date = new Date()): string {
  const time = `${two(now.getUTCHours())}${two(now.getUTCMinutes())}${two(now.getUTCSeconds())}.${two(Math.floor(now.getUTCMilliseconds() / 10))}`;
  const date = `${two(now.getUTCDate())}${two(now.getUTCMonth() + 1)}${two(now.getUTCFullYear() % 100)}`;
  const lat = `${degreesMinutes(position.latitude, 2)},${position.latitude < 0 ? 'S' : 'N'}`;
  const lon = `${degreesMinutes(position.longitude, 3)},${position.longitude < 0 ? 'W' : 'E'}`;
  const gga = `GPGGA,${time},${lat},${lon},1,08,${position.hdop.toFixed(1)},${position.altitude.toFixed(1)},M,47.0,M,,`;
  const rmc = `GPRMC,${time},A,${lat},${lon},0.0,0.0,${date},,,A`;
  return `$${gga}*${checksum(gga)}\r\n$${rmc}*${checksum(rmc)}\r\n`;
}

export interface FakeGpsOptions {
  /** Time between sends, in ms (200 by default). */
  intervalMs?: number;
  /** Whether a new connection gets the current sentences at once (true by default). */
  onConnect?: boolean;
  /** Degrees of latitude added after every send (0 by default). */
  stepDegrees?: number;
}

/** One send (to all clients, or to one that just connected): when it left and the position it carried. */
export interface GpsSend {
  /** 1 for the first scheduled send, then 2, 3, ...: orders sends without trusting a clock. */
  seq: number;
  at: number;
  latitude: number;
}

/** How many sends `sends` keeps: enough for a minute at 5 Hz. */
const KEPT_SENDS = 300;

export class FakeGps {
  readonly path: string;
  readonly #options: Required<FakeGpsOptions>;
  #position: GpsPosition;
  /** The latest sends, oldest first (at most KEPT_SENDS). */
  readonly sends: GpsSend[] = [];
  /** The seq of the latest send; 0 before the first. */
  lastSeq = 0;
  #paused = false;
  #server: Server | undefined;
  readonly #clients = new Set<Socket>();
  #timer: NodeJS.Timeout | undefined;
  /** Connections GeoClue has made, for the tests' curiosity. */
  connections = 0;

  constructor(path: string, position: GpsPosition, options: FakeGpsOptions = {}) {
    this.path = path;
    this.#position = { ...position };
    this.#options = { intervalMs: 200, onConnect: true, stepDegrees: 0, ...options };
  }

  /** The send whose latitude is `latitude` (within 1e-7 degree), if kept. */
  sendOf(latitude: number): GpsSend | undefined {
    return this.sends.find((send) => Math.abs(send.latitude - latitude) < 1e-7);
  }

  get position(): GpsPosition {
    return { ...this.#position };
  }

  async listen(): Promise<void> {
    const server = createServer((socket) => {
      this.connections += 1;
      this.#clients.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.#clients.delete(socket));
      if (!this.#paused && this.#options.onConnect) this.#send([socket]);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    // GeoClue runs as its own user and needs write access to connect.
    chmodSync(this.path, 0o666);
    this.#server = server;
    this.#timer = setInterval(() => this.#broadcast(), this.#options.intervalMs);
    this.#timer.unref();
  }

  moveTo(latitude: number, longitude: number): void {
    this.#position = { ...this.#position, latitude, longitude };
    this.#broadcast();
  }

  /** Stops writing (a receiver that lost its fix); connections stay open. */
  pause(): void {
    this.#paused = true;
  }

  /** Writes another receiver's sentences to GeoClue (pause() first so the fake's own stay out). */
  feed(text: string): void {
    for (const socket of this.#clients) socket.write(text);
  }

  resume(): void {
    this.#paused = false;
    this.#broadcast();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const socket of this.#clients) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #broadcast(): void {
    if (this.#paused) return;
    this.#send(this.#clients);
  }

  #send(sockets: Iterable<Socket>): void {
    const text = nmeaSentences(this.#position);
    for (const socket of sockets) socket.write(text);
    this.lastSeq += 1;
    this.sends.push({ seq: this.lastSeq, at: Date.now(), latitude: this.#position.latitude });
    if (this.sends.length > KEPT_SENDS) this.sends.shift();
    if (this.#options.stepDegrees !== 0) {
      this.#position = { ...this.#position, latitude: this.#position.latitude + this.#options.stepDegrees };
    }
  }
}
