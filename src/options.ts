/**
 * Option checking and defaults. Everything a caller passes is checked here,
 * before any backend is touched, so a bad value never reaches native code.
 */
import {
  ACCURACY_LEVELS,
  BACKEND_NAMES,
  type Accuracy,
  type BackendChoice,
  type LocationOptions,
  type WatchOptions,
} from './types.js';
import { describe } from './describe.js';
import { MAX_TIMER_MS } from './timers.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_ACCURACY: Accuracy = 'hundredMeters';
const DEFAULT_ACCURACY_METRES: number = ACCURACY_LEVELS.hundredMeters;

export interface NormalizedRequestOptions {
  /** Milliseconds; Infinity means no limit. */
  timeout: number;
  maximumAge: number;
  /** Metres; 0 means best. */
  accuracy: number;
  /** Only an approximate (coarsened) position is wanted. */
  approximate: boolean;
  signal: AbortSignal | undefined;
  backend: BackendChoice;
  timeoutIncludesPrompt: boolean;
}

export interface NormalizedWatchOptions extends Omit<NormalizedRequestOptions, 'maximumAge'> {
  distanceFilter: number;
}

const NO_OPTIONS: Readonly<Record<string, unknown>> = Object.freeze({});

function checkObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return NO_OPTIONS;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function checkDuration(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`options.${name} must be a number of milliseconds, got ${describe(value)}`);
  }
  if (value < 0) {
    throw new RangeError(`options.${name} must be 0 or more milliseconds, got ${describe(value)}`);
  }
  if (value > MAX_TIMER_MS && value !== Infinity) {
    throw new RangeError(
      `options.${name} must be at most ${MAX_TIMER_MS} ms or Infinity, got ${describe(value)}`,
    );
  }
  return value;
}

function checkMetres(value: unknown, name: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`options.${name} must be a number of metres, got ${describe(value)}`);
  }
  if (value < 0 || !Number.isFinite(value)) {
    throw new RangeError(`options.${name} must be a finite number of metres, 0 or more, got ${describe(value)}`);
  }
  return value;
}

/** Turns an accuracy option into metres (0 = best). */
export function accuracyToMetres(value: unknown): number {
  if (value === undefined) return DEFAULT_ACCURACY_METRES;
  if (typeof value === 'string') {
    if (Object.hasOwn(ACCURACY_LEVELS, value)) {
      return ACCURACY_LEVELS[value as keyof typeof ACCURACY_LEVELS];
    }
    throw new RangeError(
      `options.accuracy must be one of ${Object.keys(ACCURACY_LEVELS).join(', ')} or a number of metres, got ${describe(value)}`,
    );
  }
  if (typeof value === 'number') {
    // 0 is ACCURACY_LEVELS.best: a number a caller takes from our own export must work.
    if (Number.isNaN(value) || value < 0 || !Number.isFinite(value)) {
      throw new RangeError(`options.accuracy in metres must be a finite number of 0 (best) or more, got ${describe(value)}`);
    }
    return value;
  }
  throw new TypeError(`options.accuracy must be a level name or a number of metres, got ${describe(value)}`);
}

function checkBackend(value: unknown): BackendChoice {
  if (value === undefined) return 'auto';
  if (typeof value !== 'string') {
    throw new TypeError(`options.backend must be a string, got ${describe(value)}`);
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new RangeError(`options.backend must be one of ${BACKEND_NAMES.join(', ')}, got ${describe(value)}`);
  }
  return value as BackendChoice;
}

function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) {
    throw new TypeError(`options.signal must be an AbortSignal, got ${describe(value)}`);
  }
  return value;
}

function checkBoolean(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new TypeError(`options.${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

function commonOptions(
  raw: Record<string, unknown>,
  defaultTimeout: number,
): Omit<NormalizedRequestOptions, 'maximumAge'> {
  return {
    timeout: checkDuration(raw['timeout'], 'timeout', defaultTimeout),
    accuracy: accuracyToMetres(raw['accuracy']),
    approximate: checkBoolean(raw['approximate'], 'approximate'),
    signal: checkSignal(raw['signal']),
    backend: checkBackend(raw['backend']),
    timeoutIncludesPrompt: checkBoolean(raw['timeoutIncludesPrompt'], 'timeoutIncludesPrompt'),
  };
}

/**
 * Checks and completes the options of a one-shot request.
 * @throws TypeError or RangeError naming the option and the value.
 */
export function normalizeRequestOptions(options: LocationOptions | undefined): NormalizedRequestOptions {
  const raw = checkObject(options, 'options');
  // One literal, checked in the same order as commonOptions then maximumAge:
  // this runs on every call, and spreading a second object costs more than the checks.
  return {
    timeout: checkDuration(raw['timeout'], 'timeout', DEFAULT_TIMEOUT_MS),
    accuracy: accuracyToMetres(raw['accuracy']),
    approximate: checkBoolean(raw['approximate'], 'approximate'),
    signal: checkSignal(raw['signal']),
    backend: checkBackend(raw['backend']),
    timeoutIncludesPrompt: checkBoolean(raw['timeoutIncludesPrompt'], 'timeoutIncludesPrompt'),
    maximumAge: checkDuration(raw['maximumAge'], 'maximumAge', 0),
  };
}

/**
 * Checks and completes the options of a watch. A watch waits for ever by
 * default; `timeout` then bounds the wait for each fix.
 * @throws TypeError or RangeError naming the option and the value.
 */
export function normalizeWatchOptions(options: WatchOptions | undefined): NormalizedWatchOptions {
  const raw = checkObject(options, 'options');
  const common = commonOptions(raw, Infinity);
  const distanceFilter = raw['distanceFilter'] === undefined ? 0 : checkMetres(raw['distanceFilter'], 'distanceFilter');
  return { ...common, distanceFilter };
}
