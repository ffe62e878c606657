/** Small text helpers shared by the renderers and the format template. */
import type { Place } from '../backends/contract.js';

const pad = (value: number, width = 2): string => String(Math.trunc(value)).padStart(width, '0');

/** `+01:00`-style offset of local time at this moment. */
function localOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(abs / 60)}:${pad(abs % 60)}`;
}

/** ISO 8601 in local time with its offset, e.g. 2026-11-29T03:01:02.123+01:00. */
export function isoLocal(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    localOffset(d)
  );
}

/** Local date and time for people, to the second: 2026-11-29 03:01:02 +01:00. */
export function humanLocal(ms: number): string {
  const iso = isoLocal(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${iso.slice(23)}`;
}

/** Local time of day, to the second. */
export function clockLocal(ms: number): string {
  return isoLocal(ms).slice(11, 19);
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** The nearest of the eight compass points for a course in degrees. */
export function compassPoint(degrees: number): string {
  const index = Math.round((((degrees % 360) + 360) % 360) / 45) % 8;
  return COMPASS[index] ?? 'N';
}

/** A number with at most `digits` decimals and no trailing zeros. */
export function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** A duration in seconds for people: "0.4 s", "12 s", "3 min 5 s", "2 h 1 min". */
export function humanAge(seconds: number): string {
  if (seconds < 10) return `${trimmed(Math.max(0, seconds), 1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/** One line: "Pariser Platz 1, 10117 Berlin, Germany"; parts the geocoder did not give are left out. */
export function formatAddress(place: Place): string {
  const street = place.street
    ? [place.street, place.streetNumber].filter(Boolean).join(' ')
    : place.name;
  const town = [place.postalCode, place.city].filter(Boolean).join(' ');
  const parts = [street, place.district, town, place.region, place.country].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  // A district or region equal to the town adds nothing.
  return parts.filter((part, index) => parts.indexOf(part) === index && !(part !== town && town.endsWith(` ${part}`))).join(', ');
}
