/**
 * The objects of the gpsd JSON protocol (gpsd_json(5), protocol 3.14 as
 * gpsd 3.22 speaks it) that this server sends: VERSION, DEVICE(S), WATCH,
 * TPV, POLL and ERROR. Units are gpsd's: degrees, metres, metres per second,
 * ISO 8601 UTC times; error estimates are at 95% confidence.
 *
 * Error estimates: a fix's `accuracy` is the radius of the 68% circle. For a
 * circular normal error, the radius holding p of the fixes is
 * sigma * sqrt(-2 ln(1 - p)): 1.5096 sigma at 68%, 2.4477 sigma at 95%. So
 * eph (95% radius) = 1.6214 x accuracy, and epx/epy (95% along one axis, 1.96
 * sigma) = 1.2984 x accuracy. One-dimensional 68% values (altitude, speed and
 * course accuracies) are about one sigma, so their 95% values are 1.96 x.
 */
import type { Location } from '../types.js';

export const PROTOCOL_MAJOR = 3;
/** gpsd 3.22 (Debian 12) speaks 3.14. */
export const PROTOCOL_MINOR = 14;

const SIGMA_AT_68_RADIUS = Math.sqrt(-2 * Math.log(1 - 0.68));
const SIGMA_AT_95_RADIUS = Math.sqrt(-2 * Math.log(1 - 0.95));
/** accuracy (68% radius) -> eph (95% radius). */
export const EPH_PER_ACCURACY = SIGMA_AT_95_RADIUS / SIGMA_AT_68_RADIUS;
/** accuracy (68% radius) -> epx, epy (95%, one axis). */
export const EPXY_PER_ACCURACY = 1.96 / SIGMA_AT_68_RADIUS;
/** A one-dimensional 68% value -> its 95% value. */
export const ONE_AXIS_95_PER_68 = 1.96;

export type GpsdObject = Record<string, unknown> & { class: string };

/** Rounds an estimate the way gpsd prints them (millimetres), keeping JSON short. */
const mm = (value: number): number => Math.round(value * 1000) / 1000;

/** A TPV report for a fix: mode 3 when it has an altitude, else 2. */
export function tpvFromFix(fix: Location, device: string): GpsdObject {
  const tpv: GpsdObject = { class: 'TPV', device, mode: fix.altitude === undefined ? 2 : 3 };
  tpv['time'] = new Date(fix.timestamp).toISOString();
  tpv['lat'] = fix.latitude;
  tpv['lon'] = fix.longitude;
  if (fix.ellipsoidalAltitude !== undefined) tpv['altHAE'] = fix.ellipsoidalAltitude;
  if (fix.altitude !== undefined) {
    tpv['altMSL'] = fix.altitude;
    // Deprecated in gpsd, still read by older clients; gpsd 3.22 fills it with the MSL height too.
    tpv['alt'] = fix.altitude;
  }
  if (fix.altitude !== undefined && fix.ellipsoidalAltitude !== undefined) {
    tpv['geoidSep'] = mm(fix.ellipsoidalAltitude - fix.altitude);
  }
  tpv['epx'] = mm(fix.accuracy * EPXY_PER_ACCURACY);
  tpv['epy'] = mm(fix.accuracy * EPXY_PER_ACCURACY);
  if (fix.altitudeAccuracy !== undefined) tpv['epv'] = mm(fix.altitudeAccuracy * ONE_AXIS_95_PER_68);
  if (fix.course !== undefined) tpv['track'] = fix.course;
  if (fix.courseAccuracy !== undefined) tpv['epd'] = mm(fix.courseAccuracy * ONE_AXIS_95_PER_68);
  if (fix.speed !== undefined) tpv['speed'] = fix.speed;
  if (fix.speedAccuracy !== undefined) tpv['eps'] = mm(fix.speedAccuracy * ONE_AXIS_95_PER_68);
  tpv['eph'] = mm(fix.accuracy * EPH_PER_ACCURACY);
  return tpv;
}

/** A TPV without a position: mode 0 before any fix was seen, 1 when the provider has none. */
export function tpvWithoutFix(device: string, mode: 0 | 1, now: number): GpsdObject {
  return { class: 'TPV', device, mode, time: new Date(now).toISOString() };
}

export function versionObject(release: string): GpsdObject {
  return { class: 'VERSION', release, rev: release, proto_major: PROTOCOL_MAJOR, proto_minor: PROTOCOL_MINOR };
}

/** The one "device": the machine's location service. `activated` is when its watch started, if it runs. */
export function deviceObject(path: string, activated: number | undefined): GpsdObject {
  const device: GpsdObject = { class: 'DEVICE', path, driver: 'node-whereami' };
  if (activated !== undefined) device['activated'] = new Date(activated).toISOString();
  // flags 1: SEEN_GPS, the flag gpsd sets for a device that gave position reports.
  device['flags'] = 1;
  device['native'] = 0;
  return device;
}

export function devicesObject(path: string, activated: number | undefined): GpsdObject {
  return { class: 'DEVICES', devices: [deviceObject(path, activated)] };
}

export interface WatchPolicy {
  enable: boolean;
  json: boolean;
  nmea: boolean;
}

export function watchObject(policy: WatchPolicy): GpsdObject {
  return {
    class: 'WATCH',
    enable: policy.enable,
    json: policy.json,
    nmea: policy.nmea,
    raw: 0,
    scaled: false,
    timing: false,
    split24: false,
    pps: false,
  };
}

export function pollObject(now: number, tpv: GpsdObject | undefined, active: number): GpsdObject {
  return { class: 'POLL', time: new Date(now).toISOString(), active, tpv: tpv ? [tpv] : [], sky: [] };
}

export function errorObject(message: string): GpsdObject {
  return { class: 'ERROR', message };
}

/** One line of the protocol. */
export function line(object: GpsdObject): string {
  return `${JSON.stringify(object)}\r\n`;
}
