/**
 * The contract every backend implements. The locator core talks only to this
 * interface, so caching, coalescing, timeouts and watch fan-out are written
 * once, above every provider.
 */
import type { LocationError } from '../errors.js';
import type {
  AccuracyAuthorization,
  AuthorizationStatus,
  BackendName,
  Location,
  ProviderName,
} from '../types.js';

export interface ProviderRequest {
  /** Desired accuracy in metres; 0 asks for the best the provider can do. */
  accuracy: number;
  /**
   * Only an approximate position is wanted: ask the OS for a coarse one where
   * it can. The core coarsens whatever comes back, so a provider that cannot
   * ask may ignore this.
   */
  approximate?: boolean;
  /** The provider may answer with a fix it already holds up to this old (ms). */
  maximumAge: number;
  /**
   * Aborted when no caller waits for this request any more: cancel it then.
   * The core makes it only when something reads it, so a backend on a hot
   * path should use onCancel and never touch it until it has to.
   */
  readonly signal: AbortSignal;
  /**
   * The cheap way to hear of cancellation: the core calls the function given
   * here (the last one given) once, if no caller waits any more before the
   * request settles, and never after it settled. The core always passes it;
   * a caller that drives a backend with only a signal may leave it out (see
   * onCancelled).
   */
  onCancel?: (cancel: () => void) => void;
  /**
   * Called with true when the OS shows a permission prompt and with false when
   * the person has answered, so the core can stop the timeout clock meanwhile.
   */
  onPrompt?: (pending: boolean) => void;
}

export interface ProviderWatchRequest {
  accuracy: number;
  /** As in ProviderRequest: every watcher of the shared watch wants only an approximate position. */
  approximate?: boolean;
  /** Metres of movement between fixes; 0 delivers every fix. */
  distanceFilter: number;
}

export interface WatchSink {
  location(fix: Location): void;
  /** A failure that ends the watch (denial, services off). Transient ones are retried below. */
  error(error: LocationError): void;
  /**
   * As ProviderRequest.onPrompt: true when the OS shows a permission prompt
   * for this watch, false once answered, so the core can keep the prompt out
   * of each watcher's timeout.
   */
  prompt?(pending: boolean): void;
}

export interface ProviderWatch {
  /** Stops the watch; safe to call more than once. */
  stop(): void;
}

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** One geocoder answer. Fields the geocoder did not give are absent. */
export interface Place extends Coordinates {
  name?: string;
  street?: string;
  streetNumber?: string;
  city?: string;
  district?: string;
  postalCode?: string;
  region?: string;
  country?: string;
  isoCountryCode?: string;
  timeZone?: string;
  /** Radius in metres of the region the answer stands for, when known. */
  accuracy?: number;
}

/**
 * The identity the OS judges location permission by, as the native side
 * reads it: on macOS the main bundle (a helper's is its own embedded
 * Info.plist); on Linux the desktop id GeoClue sees, with no usage
 * description to have.
 */
export interface BundleIdentity {
  /** The bundle identifier (macOS) or desktop id (GeoClue); absent when there is none. */
  identifier?: string;
  /** True when the bundle's Info.plist declares a location usage description; without one macOS never prompts. */
  hasLocationUsageDescription: boolean;
}

export interface BackendIdentity {
  name: BackendName;
  provider: ProviderName;
  /** Where the implementation came from: a file path, a spec string, ... */
  detail?: string;
  /** Who the OS sees asking for location, once the backend knows (the helper says it in its hello). */
  bundle?: BundleIdentity;
}

export interface Backend {
  readonly info: BackendIdentity;
  getLocation(request: ProviderRequest): Promise<Location>;
  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch;
  authorizationStatus(): Promise<AuthorizationStatus>;
  /** Asks the OS to prompt the person where it can; resolves with the resulting status. */
  requestAuthorization(): Promise<AuthorizationStatus>;
  locationServicesEnabled(): Promise<boolean>;
  accuracyAuthorization(): Promise<AccuracyAuthorization>;
  reverseGeocode(point: Coordinates, signal: AbortSignal): Promise<Place[]>;
  forwardGeocode(address: string, signal: AbortSignal): Promise<Place[]>;
  /**
   * What to do about a failure the core reports for this backend (a code, or
   * PROMPT_TIMEOUT for a prompt left unanswered), in this backend's terms:
   * the core and the W3C facade know no OS.
   */
  hint?(code: string): string | undefined;
  /** Releases threads, processes and handles. The backend is unusable afterwards. */
  close(): void;
}

/**
 * Calls `cancel` once when the request is cancelled, through the core's
 * onCancel hook when the request has one (no AbortSignal is made), else
 * through its signal. Returns the function that stops listening, for a
 * backend whose request settled (the hook needs none: the core never calls
 * it after that).
 */
export function onCancelled(request: ProviderRequest, cancel: () => void): () => void {
  if (request.onCancel) {
    request.onCancel(cancel);
    return noop;
  }
  const { signal } = request;
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

function noop(): void {}
