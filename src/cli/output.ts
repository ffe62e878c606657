/**
 * Renders fixes and status for stdout: a few labelled lines for people, one
 * line per fix in a human watch, JSON (numbers as numbers) and GeoJSON.
 * Pure functions of their input, so they are tested in-process.
 */
import type { BundleIdentity, Place } from '../backends/contract.js';
import type { AccuracyAuthorization, AuthorizationStatus, Location } from '../types.js';
import type { Painter } from './color.js';
import { clockLocal, compassPoint, formatAddress, humanAge, humanLocal, trimmed } from './text.js';

/**
 * The address part of an answer: undefined when none was asked for, null when
 * one was asked for and could not be had, else the best place.
 */
export type AddressResult = Place | null | undefined;

/** Fix fields in the order JSON output lists them; any others follow. */
const FIELD_ORDER: readonly (keyof Location)[] = [
  'latitude',
  'longitude',
  'accuracy',
  'altitude',
  'altitudeAccuracy',
  'ellipsoidalAltitude',
  'speed',
  'speedAccuracy',
  'course',
  'courseAccuracy',
  'floor',
  'timestamp',
  'provider',
  'simulated',
  'approximate',
];

/** The fix as a plain object in a stable key order, with `time` (ISO 8601 UTC) after `timestamp`. */
export function fixRecord(fix: Location, address: AddressResult): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const source = fix as unknown as Record<string, unknown>;
  for (const key of FIELD_ORDER) {
    if (source[key] !== undefined) record[key] = source[key];
    if (key === 'timestamp') record['time'] = new Date(fix.timestamp).toISOString();
  }
  for (const [key, value] of Object.entries(source)) {
    if (!(key in record) && value !== undefined) record[key] = value;
  }
  if (address !== undefined) record['address'] = address;
  return record;
}

/** One JSON object; pretty for a one-shot answer, one line for a watch (NDJSON). */
export function renderJson(fix: Location, address: AddressResult, oneLine: boolean): string {
  return `${JSON.stringify(fixRecord(fix, address), null, oneLine ? undefined : 2)}\n`;
}

/** A GeoJSON Feature (RFC 7946): a Point at [longitude, latitude], the rest in properties. */
export function renderGeoJson(fix: Location, address: AddressResult, oneLine: boolean): string {
  const { latitude, longitude, ...properties } = fixRecord(fix, address);
  const feature = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [longitude, latitude] },
    properties,
  };
  return `${JSON.stringify(feature, null, oneLine ? undefined : 2)}\n`;
}

const coords = (fix: Location): string => `${fix.latitude.toFixed(6)}, ${fix.longitude.toFixed(6)}`;
const metres = (value: number): string => `${trimmed(value, value < 10 ? 1 : 0)} m`;
const speed = (value: number): string => `${trimmed(value, 1)} m/s (${trimmed(value * 3.6, 1)} km/h)`;
const course = (value: number): string => `${trimmed(value, 0)}° ${compassPoint(value)}`;

/** A few labelled lines: where, how sure, and how old, plus what else the fix knows. */
export function renderHuman(fix: Location, address: AddressResult, paint: Painter, now: number): string {
  const rows: [string, string][] = [
    ['location', paint.bold(coords(fix))],
    ['accuracy', `±${metres(fix.accuracy)}${fix.approximate === true ? ' (approximate area)' : ''}`],
  ];
  if (fix.altitude !== undefined) {
    const plusMinus = fix.altitudeAccuracy === undefined ? '' : ` ±${metres(fix.altitudeAccuracy)}`;
    rows.push(['altitude', `${metres(fix.altitude)}${plusMinus}`]);
  }
  if (fix.speed !== undefined) rows.push(['speed', speed(fix.speed)]);
  if (fix.course !== undefined) rows.push(['course', course(fix.course)]);
  if (fix.floor !== undefined) rows.push(['floor', String(fix.floor)]);
  rows.push(['age', `${humanAge((now - fix.timestamp) / 1000)} (${humanLocal(fix.timestamp)})`]);
  rows.push(['provider', fix.simulated === true && fix.provider !== 'simulated' ? `${fix.provider} (simulated)` : fix.provider]);
  if (address !== undefined) rows.push(['address', address ? formatAddress(address) : '-']);
  return rows.map(([label, value]) => `${paint.dim(label.padEnd(10))}${value}\n`).join('');
}

/** One line per fix for a human watch: local time, position, accuracy and what else is known. */
export function renderWatchLine(fix: Location, address: AddressResult, paint: Painter): string {
  const parts = [paint.dim(clockLocal(fix.timestamp)), paint.bold(coords(fix)), `±${metres(fix.accuracy)}`];
  if (fix.approximate === true) parts.push('approximate');
  if (fix.altitude !== undefined) parts.push(`alt ${metres(fix.altitude)}`);
  if (fix.speed !== undefined) parts.push(`${trimmed(fix.speed, 1)} m/s`);
  if (fix.course !== undefined) parts.push(course(fix.course));
  if (address) parts.push(formatAddress(address));
  return `${parts.join('  ')}\n`;
}

export interface StatusReport {
  authorization: AuthorizationStatus | undefined;
  servicesEnabled: boolean | undefined;
  accuracyAuthorization: AccuracyAuthorization | undefined;
  backend: { name: string; provider: string; detail?: string | undefined; bundle?: BundleIdentity | undefined; reason: string };
  /** Questions the backend could not answer, by field. */
  errors: Record<string, string>;
}

export function renderStatusJson(report: StatusReport): string {
  const { errors, ...rest } = report;
  const out: Record<string, unknown> = {
    authorization: rest.authorization ?? null,
    servicesEnabled: rest.servicesEnabled ?? null,
    accuracyAuthorization: rest.accuracyAuthorization ?? null,
    // The person's own choice to give this app only an approximate location (the OS's "precise location" switch off).
    approximateOnly: rest.accuracyAuthorization === undefined ? null : rest.accuracyAuthorization === 'reduced',
    backend: rest.backend,
  };
  if (Object.keys(errors).length > 0) out['errors'] = errors;
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function renderStatusHuman(report: StatusReport, paint: Painter): string {
  const unknown = (field: string): string => paint.yellow(`unknown (${report.errors[field] ?? 'no answer'})`);
  const { backend } = report;
  const rows: [string, string][] = [
    ['authorization', report.authorization ?? unknown('authorization')],
    [
      'location services',
      report.servicesEnabled === undefined ? unknown('servicesEnabled') : report.servicesEnabled ? 'on' : paint.red('off'),
    ],
    [
      'accuracy',
      report.accuracyAuthorization === undefined
        ? unknown('accuracyAuthorization')
        : report.accuracyAuthorization === 'reduced'
          ? `${paint.yellow('reduced')}: this app may have only an approximate location ("Precise" is off)`
          : 'full (precise location allowed)',
    ],
    ['backend', `${backend.name} (provider ${backend.provider}${backend.detail ? `, ${backend.detail}` : ''})`],
    ['chosen because', backend.reason],
  ];
  if (backend.bundle) rows.push(['asking as', bundleLine(backend.bundle)]);
  return rows.map(([label, value]) => `${paint.dim(label.padEnd(19))}${value}\n`).join('');
}

/** Who the OS sees asking for location: what a person debugging a missing prompt needs to know. */
function bundleLine(bundle: BundleIdentity): string {
  return `${bundle.identifier ?? '(no identifier)'}, location usage description: ${bundle.hasLocationUsageDescription ? 'yes' : 'no'}`;
}
