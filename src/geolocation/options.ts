/**
 * PositionOptions as WebIDL converts them, so browser code that passes odd
 * values ("5000", -1, NaN, Infinity) gets what a browser would give it:
 *
 *   enum AccuracyMode { "precise", "approximate" };   // candidate: w3c/geolocation #195, #233
 *   dictionary PositionOptions {
 *     AccuracyMode accuracyMode = "precise";
 *     boolean enableHighAccuracy = false;
 *     [Clamp] unsigned long timeout = 0xFFFFFFFF;
 *     [Clamp] unsigned long maximumAge = 0;
 *   };
 *
 * and the bridge from those values to the core's options.
 */
import type { LocationOptions } from '../types.js';
import { describe } from '../describe.js';
import { MAX_TIMER_MS } from '../timers.js';

/** What callers may pass: anything WebIDL can convert, typed as the spec's dictionary. */
export const ACCURACY_MODES = ['precise', 'approximate'] as const;
export type AccuracyMode = (typeof ACCURACY_MODES)[number];

export interface PositionOptions {
  /** 'approximate' asks for a position coarsened to an area of a few km. Default 'precise'. */
  accuracyMode?: AccuracyMode;
  enableHighAccuracy?: boolean;
  /** Milliseconds; default 0xFFFFFFFF (no limit). */
  timeout?: number;
  /** Milliseconds; default 0 (no cached position). */
  maximumAge?: number;
}

/** The dictionary after conversion: integers in 0..0xFFFFFFFF. */
export interface ConvertedPositionOptions {
  accuracyMode: AccuracyMode;
  enableHighAccuracy: boolean;
  timeout: number;
  maximumAge: number;
}

export const UNSIGNED_LONG_MAX = 0xffff_ffff;

/** WebIDL ToNumber: BigInt and Symbol are TypeErrors, objects go through valueOf/toString. */
function toNumber(value: unknown, what: string): number {
  if (typeof value === 'bigint' || typeof value === 'symbol') {
    throw new TypeError(`${what} must be convertible to a number, got ${describe(value)}`);
  }
  // Unary plus is exactly ECMAScript ToNumber; a throwing valueOf propagates, as in a browser.
  return +(value as number);
}

/** Rounds half to even, as [Clamp] asks; never returns -0. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  let rounded = floor;
  if (fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0)) rounded = floor + 1;
  return rounded === 0 ? 0 : rounded;
}

/** WebIDL [Clamp] unsigned long: NaN is 0, the rest is clamped to 0..2^32-1 and rounded half to even. */
export function clampUnsignedLong(value: unknown, what: string): number {
  const x = toNumber(value, what);
  if (Number.isNaN(x)) return 0;
  return roundHalfEven(Math.min(Math.max(x, 0), UNSIGNED_LONG_MAX));
}

/** WebIDL `long`, as clearWatch takes it: truncated and wrapped modulo 2^32, NaN and infinities are 0. */
export function toLong(value: unknown, what: string): number {
  const x = toNumber(value, what);
  if (!Number.isFinite(x)) return 0;
  const wrapped = ((Math.trunc(x) % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return wrapped >= 2 ** 31 ? wrapped - 2 ** 32 : wrapped;
}

/**
 * Converts the `options` argument as a WebIDL dictionary: undefined and null
 * give the defaults, any other non-object is a TypeError, and members are read
 * (and converted) once each, in lexicographic order.
 * @throws TypeError for a non-object, or a member that cannot become a number.
 */
export function convertPositionOptions(value: unknown, method: string): ConvertedPositionOptions {
  if (value === undefined || value === null) {
    return { accuracyMode: 'precise', enableHighAccuracy: false, timeout: UNSIGNED_LONG_MAX, maximumAge: 0 };
  }
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeError(`${method}: options must be an object (PositionOptions), got ${describe(value)}`);
  }
  const dict = value as Record<string, unknown>;
  const rawAccuracyMode = dict['accuracyMode'];
  const accuracyMode =
    rawAccuracyMode === undefined ? 'precise' : toAccuracyMode(rawAccuracyMode, `${method}: options.accuracyMode`);
  const rawHighAccuracy = dict['enableHighAccuracy'];
  const enableHighAccuracy = rawHighAccuracy === undefined ? false : Boolean(rawHighAccuracy);
  const rawMaximumAge = dict['maximumAge'];
  const maximumAge =
    rawMaximumAge === undefined ? 0 : clampUnsignedLong(rawMaximumAge, `${method}: options.maximumAge`);
  const rawTimeout = dict['timeout'];
  const timeout =
    rawTimeout === undefined ? UNSIGNED_LONG_MAX : clampUnsignedLong(rawTimeout, `${method}: options.timeout`);
  return { accuracyMode, enableHighAccuracy, timeout, maximumAge };
}

/** WebIDL enum conversion: ToString, then a TypeError for a string that is not one of the values. */
function toAccuracyMode(value: unknown, what: string): AccuracyMode {
  if (typeof value === 'symbol') throw new TypeError(`${what} must be a string, got a symbol`);
  const text = String(value);
  if (!(ACCURACY_MODES as readonly string[]).includes(text)) {
    throw new TypeError(`${what} must be one of ${ACCURACY_MODES.map((m) => `"${m}"`).join(', ')}, got ${describe(value)}`);
  }
  return text as AccuracyMode;
}

/** Milliseconds for the core: beyond what a timer can hold (about 24.8 days) means no limit. */
function coreMs(ms: number): number {
  return ms > MAX_TIMER_MS ? Infinity : ms;
}

/** The core request for converted options. enableHighAccuracy picks 'best', else the core's default level. */
export function coreRequestOptions(options: ConvertedPositionOptions, signal?: AbortSignal): LocationOptions {
  return {
    timeout: coreMs(options.timeout),
    maximumAge: coreMs(options.maximumAge),
    accuracy: options.enableHighAccuracy ? 'best' : 'hundredMeters',
    approximate: options.accuracyMode === 'approximate',
    ...(signal ? { signal } : {}),
  };
}
