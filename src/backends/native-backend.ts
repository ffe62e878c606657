/**
 * Adapts a NativeProvider (the in-process addon, or the helper process
 * speaking the same contract) to the Backend contract: promises, AbortSignal,
 * LocationError, and a last check that no negative sentinel slips through.
 */
import { LocationError, abortError, isLocationErrorCode } from '../errors.js';
import type { AccuracyAuthorization, AuthorizationStatus, Location } from '../types.js';
import type {
  Backend,
  BackendInfo,
  Coordinates,
  Place,
  ProviderRequest,
  ProviderWatch,
  ProviderWatchRequest,
  WatchSink,
} from './contract.js';
import type { NativeError, NativeFix, NativePlace, NativeProvider } from './native-binding.js';

const HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED: 'Allow location access in System Settings > Privacy & Security > Location Services.',
  SERVICES_DISABLED: 'Turn on Location Services in System Settings > Privacy & Security > Location Services.',
  POSITION_UNAVAILABLE: 'Wi-Fi helps a Mac find itself; try again with Wi-Fi on or in another place.',
  GEOCODER_RATE_LIMITED: 'Apple limits geocoding per app; wait a minute before asking again.',
  // The only NOT_SUPPORTED CoreLocation gives: geocoding in a process whose main thread never runs the main run loop.
  NOT_SUPPORTED:
    "CLGeocoder answers only on the process's main run loop, which a plain Node process never runs: geocode with backend 'auto' or 'helper' (the whereami-helper runs it), or from an Electron main process.",
};

/** GeoClue2's messages already say what to do where it matters; these add the desktop's side. */
const GEOCLUE_HINTS: Partial<Record<string, string>> = {
  PERMISSION_DENIED:
    "Allow location access in the desktop's privacy settings (GNOME: Settings > Privacy > Location Services), or set WHEREAMI_DESKTOP_ID to an app GeoClue allows.",
  SERVICES_DISABLED: 'GeoClue2 must be installed and running, with an agent (such as the desktop\'s) for your user.',
};

/** GeoClue's CreateClient that timed out natively: no agent (native/linux/gc_mapping.cc, NoAgentError). */
const NO_AGENT_HINT =
  'Start a GeoClue agent for your user: log in to a desktop session (it runs one), or run /usr/libexec/geoclue-2.0/demos/agent from geoclue-2-demo.';

function geoclueHint(error: NativeError, code: string): string | undefined {
  if (code === 'TIMEOUT' && error.domain === 'org.freedesktop.GeoClue2') return NO_AGENT_HINT;
  return GEOCLUE_HINTS[code];
}

export function toLocationError(error: NativeError, provider: Location['provider'] = 'corelocation'): LocationError {
  const code = isLocationErrorCode(error.code) ? error.code : 'BACKEND_FAILURE';
  const hint = provider === 'geoclue' ? geoclueHint(error, code) : HINTS[code];
  return new LocationError(code, error.message || `The native provider failed (${error.code}).`, {
    ...(hint === undefined ? {} : { hint }),
    cause: error,
  });
}

const OPTIONAL_NON_NEGATIVE = ['altitudeAccuracy', 'speed', 'speedAccuracy', 'course', 'courseAccuracy'] as const;
const OPTIONAL_ANY = ['altitude', 'ellipsoidalAltitude', 'floor'] as const;

export function toLocation(fix: NativeFix, provider: Location['provider']): Location {
  const location: Location = {
    latitude: fix.latitude,
    longitude: fix.longitude,
    accuracy: fix.accuracy,
    timestamp: fix.timestamp,
    provider,
  };
  for (const key of OPTIONAL_NON_NEGATIVE) {
    const value = fix[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) location[key] = value;
  }
  for (const key of OPTIONAL_ANY) {
    const value = fix[key];
    if (typeof value === 'number' && Number.isFinite(value)) location[key] = value;
  }
  if (fix.simulated === true) location.simulated = true;
  return location;
}

function toPlace(place: NativePlace): Place {
  return Object.fromEntries(Object.entries(place).filter(([, value]) => value !== undefined && value !== null)) as Place;
}

// How long requestAuthorization() waits for a prompt's answer, as long as a
// one-shot request waits for one (DEFAULT_PROMPT_LIMIT_MS): without a usage
// description macOS shows no prompt at all, and the waiter must still settle.
const AUTHORIZATION_LIMIT_MS = 120_000;

const STATUSES: readonly AuthorizationStatus[] = ['notDetermined', 'restricted', 'denied', 'authorized'];

function checkStatus(value: string | undefined): AuthorizationStatus {
  if (STATUSES.includes(value as AuthorizationStatus)) return value as AuthorizationStatus;
  throw new LocationError('BACKEND_FAILURE', `The native provider reported an unknown authorization status ${String(value)}.`);
}

/** Calls a Node-style native function and settles a promise with its one answer. */
function call<T>(
  provider: Location['provider'],
  start: (callback: (error: NativeError | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error ? reject(toLocationError(error, provider)) : resolve(value as T)));
  });
}

export class NativeBackend implements Backend {
  readonly info: BackendInfo;
  readonly #native: NativeProvider;
  #closed = false;

  constructor(native: NativeProvider, info: BackendInfo) {
    this.#native = native;
    this.info = info;
  }

  getLocation(request: ProviderRequest): Promise<Location> {
    const { signal } = request;
    if (signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.#native.cancel(id);
      const id = this.#native.requestLocation(
        request.accuracy,
        request.maximumAge,
        (error, fix) => {
          signal.removeEventListener('abort', onAbort);
          if (error) reject(error.code === 'ABORTED' ? abortError(signal) : toLocationError(error, this.info.provider));
          else if (fix) resolve(toLocation(fix, this.info.provider));
          else reject(new LocationError('BACKEND_FAILURE', 'The native provider answered with neither a fix nor an error.'));
        },
        (pending) => request.onPrompt?.(pending),
      );
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    let stopped = false;
    const id = this.#native.startWatch(
      request.accuracy,
      request.distanceFilter,
      (fix) => {
        if (!stopped) sink.location(toLocation(fix, this.info.provider));
      },
      (error) => {
        if (stopped) return;
        stopped = true;
        sink.error(toLocationError(error, this.info.provider));
      },
      (pending) => {
        if (!stopped) sink.prompt?.(pending);
      },
    );
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        this.#native.stopWatch(id);
      },
    };
  }

  async authorizationStatus(): Promise<AuthorizationStatus> {
    return checkStatus(await call<string>(this.info.provider, (cb) => this.#native.authorizationStatus(cb)));
  }

  async requestAuthorization(): Promise<AuthorizationStatus> {
    return checkStatus(
      await call<string>(this.info.provider, (cb) => this.#native.requestAuthorization(cb, AUTHORIZATION_LIMIT_MS)),
    );
  }

  locationServicesEnabled(): Promise<boolean> {
    return call<boolean>(this.info.provider, (cb) => this.#native.locationServicesEnabled(cb));
  }

  async accuracyAuthorization(): Promise<AccuracyAuthorization> {
    const value = await call<string>(this.info.provider, (cb) => this.#native.accuracyAuthorization(cb));
    if (value === 'full' || value === 'reduced') return value;
    throw new LocationError('BACKEND_FAILURE', `The native provider reported an unknown accuracy authorization ${value}.`);
  }

  reverseGeocode(point: Coordinates, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(signal, (cb) => this.#native.reverseGeocode(point.latitude, point.longitude, cb));
  }

  forwardGeocode(address: string, signal: AbortSignal): Promise<Place[]> {
    return this.#geocode(signal, (cb) => this.#native.forwardGeocode(address, cb));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close();
  }

  #geocode(signal: AbortSignal, start: (cb: (error: NativeError | null, value?: NativePlace[]) => void) => number): Promise<Place[]> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => this.#native.cancel(id);
      const id = start((error, places) => {
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error.code === 'ABORTED' ? abortError(signal) : toLocationError(error, this.info.provider));
        else resolve((places ?? []).map(toPlace));
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
