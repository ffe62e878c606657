/**
 * Loads the addon built against the CoreLocation double and types its
 * test-only `testDouble` export (native/addon/test_double_export.cc).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { NativeBackend } from '../../../src/backends/native-backend.js';
import type { NativeBinding, NativeProvider } from '../../../src/backends/native-binding.js';

export interface DoubleFix {
  latitude: number;
  longitude: number;
  altitude?: number;
  horizontalAccuracy?: number;
  verticalAccuracy?: number;
  course?: number;
  courseAccuracy?: number;
  speed?: number;
  speedAccuracy?: number;
  ellipsoidalAltitude?: number;
  floor?: number;
  simulated?: boolean;
  ageSeconds?: number;
}

export interface DoublePlace {
  latitude: number;
  longitude: number;
  name?: string;
  street?: string;
  streetNumber?: string;
  city?: string;
  district?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  isoCountryCode?: string;
  timeZone?: string;
}

export interface DoubleCounters {
  liveManagers: number;
  liveLocations: number;
  liveGeocoders: number;
  requestLocation: number;
  requestsCancelledByUpdates: number;
  startUpdating: number;
  stopUpdating: number;
  authorizationRequests: number;
  /** Managers created while [NSThread isMultiThreaded] was still NO. */
  managersMadeSingleThreaded: number;
  geocodes: number;
  maxConcurrentGeocodes: number;
  lastDesiredAccuracy: number;
  lastDistanceFilter: number;
}

/** Scripting of the simulated machine; raw CoreLocation values (status 0..4, CLError codes). */
export interface TestDouble {
  reset(): void;
  setOSVersion(major: number, minor: number, patch: number): void;
  setAuthorizationStatus(status: number): void;
  setPromptAnswer(status: number, delayMs: number): void;
  answerPrompt(status: number): void;
  promptShowing(): boolean;
  setServicesEnabled(on: boolean): void;
  setAccuracyAuthorization(value: number): void;
  setFix(fix: DoubleFix): void;
  setCachedFix(fix: DoubleFix): void;
  queueFix(fix: DoubleFix): void;
  moveTo(latitude: number, longitude: number): void;
  queueError(code: number): void;
  setFixDelay(ms: number): void;
  /** Fixes from the manager's next run-loop turn, no timer (the bench's mode); reset turns it off. */
  setImmediateFixes(on: boolean): void;
  /** The bridge bench's floor: a no-op to a RunLoopThread and back through a Bridge; calls back once, with nothing. */
  roundTrip(callback: (...args: unknown[]) => void): void;
  /** Extra delay of a requestLocation at kCLLocationAccuracyBest (real: about 10 s). */
  setBestAccuracyDelay(ms: number): void;
  /** The next `count` requestLocation calls answer with the cached fix, however old. */
  answerFromCache(count: number): void;
  /** Whether the process has a location usage description; without one no prompt is ever shown. */
  setUsageDescription(present: boolean): void;
  holdFixes(on: boolean): void;
  setPlaces(places: DoublePlace[]): void;
  queueGeocodeError(code: number): void;
  setGeocodeDelay(ms: number): void;
  counters(): DoubleCounters;
  /** Writes the coverage counters now (coverage build only; a no-op otherwise). */
  flushCoverage(): void;
}

export interface DoubleBinding extends NativeBinding {
  readonly testDouble: TestDouble;
}

export const CL = {
  notDetermined: 0,
  restricted: 1,
  denied: 2,
  authorized: 3,
  authorizedWhenInUse: 4,
  errorLocationUnknown: 0,
  errorDenied: 1,
  errorNetwork: 2,
  errorGeocodeFoundNoResult: 8,
  errorGeocodeCanceled: 10,
  reducedAccuracy: 1,
} as const;

export const BERLIN = { latitude: 52.520008, longitude: 13.404954, accuracy: 65 };

/** A CLLocation with every field set (besides the position and its accuracy), as the double takes it... */
export const EVERY_FIELD = {
  altitude: 35,
  verticalAccuracy: 3,
  speed: 1.5,
  speedAccuracy: 0.5,
  course: 270,
  courseAccuracy: 10,
  ellipsoidalAltitude: 80,
  floor: 2,
  simulated: true,
} satisfies Partial<DoubleFix>;

/** ...and as the bridge maps it into a fix. */
export const EVERY_FIELD_MAPPED = {
  altitude: 35,
  altitudeAccuracy: 3,
  ellipsoidalAltitude: 80,
  speed: 1.5,
  speedAccuracy: 0.5,
  course: 270,
  courseAccuracy: 10,
  floor: 2,
  simulated: true,
};

/** The double build under test: WHEREAMI_DOUBLE_ADDON, else the node-gyp build. */
export function doubleAddonPath(): string {
  return resolve(process.env['WHEREAMI_DOUBLE_ADDON'] ?? 'build-double/gyp/whereami_double.node');
}

export function doubleAvailable(): boolean {
  return existsSync(doubleAddonPath());
}

const require = createRequire(import.meta.url);

export function loadDouble(): DoubleBinding {
  return require(doubleAddonPath()) as DoubleBinding;
}

/** A fresh machine (authorized unless told otherwise) and a provider on it. */
export function freshProvider(
  binding: DoubleBinding,
  status: number = CL.authorized,
): { native: NativeProvider; backend: NativeBackend; double: TestDouble } {
  const double = binding.testDouble;
  double.reset();
  if (status !== CL.notDetermined) double.setAuthorizationStatus(status);
  const native = binding.createProvider();
  const backend = new NativeBackend(native, { name: 'addon', provider: binding.provider });
  return { native, backend, double };
}

/**
 * The setup every double suite shares, registered in the calling describe:
 * the binding, loaded once before the suite's tests, and `open(status?)`, a
 * fresh provider on a freshly reset machine (freshProvider) that is closed
 * after each test.
 */
export function doubleSuite(): { readonly binding: DoubleBinding; open(status?: number): ReturnType<typeof freshProvider> } {
  let loaded: DoubleBinding | undefined;
  const opened: NativeBackend[] = [];
  beforeAll(() => {
    loaded = loadDouble();
  });
  afterEach(() => {
    for (const backend of opened.splice(0)) backend.close();
  });
  const binding = (): DoubleBinding => {
    if (!loaded) throw new Error('the double loads before the suite: use it inside a test');
    return loaded;
  };
  return {
    get binding() {
      return binding();
    },
    open(status?: number) {
      const made = freshProvider(binding(), status);
      opened.push(made.backend);
      return made;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(5);
  }
}
