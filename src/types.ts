/** Public data types shared by every layer. */

/** Which location service produced a fix. */
export type ProviderName = 'corelocation' | 'geoclue' | 'simulated' | 'scripted';

/** A position fix. Values the provider did not report are absent, never 0 or -1. */
export interface Location {
  /** Degrees, WGS 84. */
  latitude: number;
  /** Degrees, WGS 84. */
  longitude: number;
  /** Radius of the 68% confidence circle, in metres. */
  accuracy: number;
  /** Metres above mean sea level. */
  altitude?: number;
  /** Metres above the WGS 84 ellipsoid, where the provider gives it. */
  ellipsoidalAltitude?: number;
  /** Vertical accuracy in metres. */
  altitudeAccuracy?: number;
  /** Metres per second. */
  speed?: number;
  speedAccuracy?: number;
  /** Degrees clockwise from true north, 0 to 360. */
  course?: number;
  courseAccuracy?: number;
  /** Floor of the building, where the provider knows it. */
  floor?: number;
  /** When the fix was taken, in milliseconds since the Unix epoch. */
  timestamp: number;
  /** True when the OS says the fix was produced by a simulator (where it can tell). */
  simulated?: boolean;
  /**
   * True when the position is approximate: coarsened to an area of a few
   * kilometres (see `approximate` in LocationOptions), or reduced by the OS
   * because the person allowed this app only an approximate location. An
   * approximate fix has no altitude, speed, course or floor.
   */
  approximate?: true;
  provider: ProviderName;
}

/** Named accuracy levels, in metres (0: the best the provider can do). */
export const ACCURACY_LEVELS = {
  best: 0,
  nearestTenMeters: 10,
  hundredMeters: 100,
  kilometer: 1000,
  threeKilometers: 3000,
} as const;

export type AccuracyLevel = keyof typeof ACCURACY_LEVELS;

/** A named level or a desired accuracy in metres. */
export type Accuracy = AccuracyLevel | number;

/** The transports a request can go through. */
export const BACKEND_NAMES = ['auto', 'addon', 'helper', 'simulated'] as const;
export type BackendChoice = (typeof BACKEND_NAMES)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** Every authorization status, in the order the OS's enums give them. */
export const AUTHORIZATION_STATUSES = ['notDetermined', 'restricted', 'denied', 'authorized'] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

export type AccuracyAuthorization = 'full' | 'reduced';

export interface LocationOptions {
  /**
   * Longest wait for a fix, in milliseconds. Default 30000. Infinity waits for
   * ever. Time spent on a permission prompt is not counted unless
   * `timeoutIncludesPrompt` is true.
   */
  timeout?: number;
  /** Accept a cached fix up to this old, in milliseconds. Default 0 (always ask). */
  maximumAge?: number;
  /**
   * Desired accuracy: a named level, or a radius in metres (0, ACCURACY_LEVELS.best,
   * asks for the best the provider can do). Default 'hundredMeters'. A number is
   * always metres: enum values of other libraries (expo-location's
   * `Accuracy.Lowest` is 1) are not levels here, and 1 would ask for the finest fix.
   */
  accuracy?: Accuracy;
  /**
   * Ask only for an approximate position: the centre of a fixed area of a few
   * kilometres, with an accuracy radius covering it and no altitude, speed,
   * course or floor. The OS is asked for a coarse position where it can be
   * (each backend maps it to its OS's coarse level). Default false.
   */
  approximate?: boolean;
  /** Cancels the request; it then rejects with code ABORTED. */
  signal?: AbortSignal;
  /** Which backend serves the request. Default 'auto' (see README). */
  backend?: BackendChoice;
  /** Count a permission prompt's time against `timeout`. Default false, as in the W3C API. */
  timeoutIncludesPrompt?: boolean;
}

export interface WatchOptions extends Omit<LocationOptions, 'maximumAge'> {
  /** Minimum movement in metres before a new fix is delivered. Default 0. */
  distanceFilter?: number;
}
