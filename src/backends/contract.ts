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
  /** The provider may answer with a fix it already holds up to this old (ms). */
  maximumAge: number;
  /** Aborted when no caller waits for this request any more: cancel it then. */
  signal: AbortSignal;
  /**
   * Called with true when the OS shows a permission prompt and with false when
   * the person has answered, so the core can stop the timeout clock meanwhile.
   */
  onPrompt?: (pending: boolean) => void;
}

export interface ProviderWatchRequest {
  accuracy: number;
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

export interface BackendInfo {
  name: BackendName;
  provider: ProviderName;
  /** Where the implementation came from: a file path, a spec string, ... */
  detail?: string;
}

export interface Backend {
  readonly info: BackendInfo;
  getLocation(request: ProviderRequest): Promise<Location>;
  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch;
  authorizationStatus(): Promise<AuthorizationStatus>;
  /** Asks the OS to prompt the person where it can; resolves with the resulting status. */
  requestAuthorization(): Promise<AuthorizationStatus>;
  locationServicesEnabled(): Promise<boolean>;
  accuracyAuthorization(): Promise<AccuracyAuthorization>;
  reverseGeocode(point: Coordinates, signal: AbortSignal): Promise<Place[]>;
  forwardGeocode(address: string, signal: AbortSignal): Promise<Place[]>;
  /** Releases threads, processes and handles. The backend is unusable afterwards. */
  close(): void;
}
