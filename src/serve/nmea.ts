/**
 * NMEA 0183 sentences from a fix: GGA (position, fix quality, HDOP, altitude)
 * and RMC (position, speed, course, date), the two every consumer reads
 * (gpsd, NMEA-socket location sources, OpenCPN). A value the fix lacks leaves
 * its field empty, never 0: NMEA readers take an empty field as "unknown".
 *
 * HDOP: no provider we read gives satellite data, only the radius of
 * the 68% confidence circle (`accuracy`). Readers turn HDOP back into metres
 * by multiplying it by a user-equivalent range error (UERE); gpsd 3.22 reports
 * eph = 19 m x HDOP (measured: test/serve/gpsd-tools.test.ts). So HDOP is the
 * 95% radius (EPH_PER_ACCURACY x accuracy, see gpsd-json.ts) divided by those
 * 19 m, written with two decimals and kept within 0.01..99.99: through gpsd a
 * fix keeps its accuracy. It carries the accuracy, not a satellite geometry;
 * readers with another UERE scale it by their own factor.
 */
import type { Location } from '../types.js';
import { EPH_PER_ACCURACY } from './gpsd-json.js';

/** Metres of 95% horizontal error per unit of HDOP, as gpsd reads HDOP. */
export const HDOP_UERE_METRES = 19;
const MIN_HDOP = 0.01;
const MAX_HDOP = 99.99;
const KNOTS_PER_METRE_PER_SECOND = 3600 / 1852;

/** Which sentences to write for each fix. */
export type NmeaSentenceType = 'GGA' | 'RMC';
export const DEFAULT_SENTENCES: readonly NmeaSentenceType[] = ['GGA', 'RMC'];

export interface NmeaOptions {
  /** Sentences per fix, in this order. Default GGA then RMC. */
  sentences?: readonly NmeaSentenceType[];
  /** Two-letter talker ID. Default 'GP' (GPS), which every reader accepts. */
  talker?: string;
}

/** The XOR of every character between `$` and `*`, as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) sum ^= body.charCodeAt(i) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

/** A whole sentence: `$body*CS` and CR LF, as NMEA 0183 ends lines. */
export function nmeaSentence(body: string): string {
  return `$${body}*${nmeaChecksum(body)}\r\n`;
}

/**
 * An angle as NMEA writes it: whole degrees (`degreeDigits` of them, zero
 * padded) then minutes with four decimals, and the hemisphere letter.
 * Rounding is done on the whole value so 59.99999' carries into the degrees.
 */
function angle(value: number, degreeDigits: number, positive: string, negative: string): [string, string] {
  const tenThousandthsOfMinute = Math.round(Math.abs(value) * 60 * 10_000);
  const degrees = Math.floor(tenThousandthsOfMinute / 600_000);
  const minutes = (tenThousandthsOfMinute % 600_000) / 10_000;
  const text = `${String(degrees).padStart(degreeDigits, '0')}${minutes.toFixed(4).padStart(7, '0')}`;
  // A value that rounds to zero has no hemisphere to speak of; N and E are what receivers write.
  return [text, value < 0 && tenThousandthsOfMinute !== 0 ? negative : positive];
}

/** `ddmm.mmmm` and N/S. */
export function nmeaLatitude(latitude: number): [string, string] {
  return angle(latitude, 2, 'N', 'S');
}

/** `dddmm.mmmm` and E/W. */
export function nmeaLongitude(longitude: number): [string, string] {
  return angle(longitude, 3, 'E', 'W');
}

const two = (value: number): string => String(value).padStart(2, '0');

/** UTC `hhmmss.ss`. */
export function nmeaTime(timestamp: number): string {
  const date = new Date(timestamp);
  const centis = Math.floor(date.getUTCMilliseconds() / 10);
  return `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}.${two(centis)}`;
}

/** UTC `ddmmyy`. */
export function nmeaDate(timestamp: number): string {
  const date = new Date(timestamp);
  return `${two(date.getUTCDate())}${two(date.getUTCMonth() + 1)}${two(date.getUTCFullYear() % 100)}`;
}

/** The HDOP this project reports for a horizontal accuracy (see the file comment). */
export function hdopFromAccuracy(accuracyMetres: number): number {
  const hdop = Math.round(((accuracyMetres * EPH_PER_ACCURACY) / HDOP_UERE_METRES) * 100) / 100;
  return Math.min(MAX_HDOP, Math.max(MIN_HDOP, hdop));
}

const optional = (value: number | undefined, digits: number): string =>
  value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits);

function gga(fix: Location, talker: string): string {
  const [lat, ns] = nmeaLatitude(fix.latitude);
  const [lon, ew] = nmeaLongitude(fix.longitude);
  // Geoid separation is the ellipsoid height minus the sea-level height, known only when both are.
  const separation =
    fix.altitude !== undefined && fix.ellipsoidalAltitude !== undefined ? fix.ellipsoidalAltitude - fix.altitude : undefined;
  const fields = [
    `${talker}GGA`,
    nmeaTime(fix.timestamp),
    lat,
    ns,
    lon,
    ew,
    // 1: a fix (NMEA has no code for Wi-Fi or cell positioning; gpsd and NMEA-socket readers take 1 as "valid").
    '1',
    // Satellites in use: unknown, these services do not say.
    '',
    hdopFromAccuracy(fix.accuracy).toFixed(2),
    optional(fix.altitude, 1),
    fix.altitude === undefined ? '' : 'M',
    optional(separation, 1),
    separation === undefined ? '' : 'M',
    // No differential correction: age and station empty.
    '',
    '',
  ];
  return nmeaSentence(fields.join(','));
}

function rmc(fix: Location, talker: string): string {
  const [lat, ns] = nmeaLatitude(fix.latitude);
  const [lon, ew] = nmeaLongitude(fix.longitude);
  const fields = [
    `${talker}RMC`,
    nmeaTime(fix.timestamp),
    'A',
    lat,
    ns,
    lon,
    ew,
    optional(fix.speed === undefined ? undefined : fix.speed * KNOTS_PER_METRE_PER_SECOND, 2),
    optional(fix.course, 1),
    nmeaDate(fix.timestamp),
    // Magnetic variation: unknown.
    '',
    '',
    // NMEA 2.3 mode indicator: A, autonomous.
    'A',
  ];
  return nmeaSentence(fields.join(','));
}

function checkedTalker(options: NmeaOptions | undefined): string {
  const talker = options?.talker ?? 'GP';
  if (typeof talker !== 'string' || !/^[A-Z]{2}$/.test(talker)) {
    throw new RangeError(`talker must be two upper-case letters such as "GP" or "GN", got ${JSON.stringify(talker)}`);
  }
  return talker;
}

/**
 * The sentences for one fix, each ending in CR LF.
 * @throws RangeError for a talker that is not two upper-case letters or an unknown sentence type.
 */
export function formatNmea(fix: Location, options?: NmeaOptions): string {
  const talker = checkedTalker(options);
  let out = '';
  for (const type of options?.sentences ?? DEFAULT_SENTENCES) {
    if (type === 'GGA') out += gga(fix, talker);
    else if (type === 'RMC') out += rmc(fix, talker);
    else throw new RangeError(`unknown NMEA sentence type ${JSON.stringify(type)}; use GGA or RMC`);
  }
  return out;
}

/**
 * What a receiver says when it has no fix: GGA with quality 0 and RMC with
 * status V (void), every position field empty, so readers report "no fix".
 * @throws RangeError as formatNmea.
 */
export function formatNmeaNoFix(timestamp: number, options?: NmeaOptions): string {
  const talker = checkedTalker(options);
  let out = '';
  for (const type of options?.sentences ?? DEFAULT_SENTENCES) {
    if (type === 'GGA') out += nmeaSentence(`${talker}GGA,${nmeaTime(timestamp)},,,,,0,,,,,,,,`);
    else if (type === 'RMC') out += nmeaSentence(`${talker}RMC,${nmeaTime(timestamp)},V,,,,,,,${nmeaDate(timestamp)},,,N`);
    else throw new RangeError(`unknown NMEA sentence type ${JSON.stringify(type)}; use GGA or RMC`);
  }
  return out;
}
