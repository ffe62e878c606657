/**
 * The typed contract between TypeScript and the native addon (native/addon).
 * The addon is loaded as this interface, never as `any`; a fake binding in
 * the tests implements the same interface.
 *
 * Every callback is called exactly once, on the JS thread, Node-style:
 * `(error, value)`. Native errors carry one of LocationError's codes.
 */
import type { Location } from '../types.js';
import type { BundleIdentity, Place } from './contract.js';

/** The native addon's ABI version; the loader refuses a binary that says otherwise. */
export const NATIVE_ABI_VERSION = 2;

export interface NativeError {
  code: string;
  message: string;
  /** e.g. kCLErrorDomain, org.freedesktop.DBus.Error.AccessDenied */
  domain?: string;
  nativeCode?: number;
}

/**
 * A fix as the provider reports it: a Location without the provider's name
 * (the adapter adds it), with `reduced` where the OS says it gave an
 * approximate fix. Negative accuracies and speeds are already removed natively.
 */
export type NativeFix = Omit<Location, 'provider' | 'approximate'> & {
  /** The OS reduced this fix to an approximate one (CoreLocation's reduced accuracy). */
  reduced?: boolean;
};

/** Places cross the native boundary in the public shape (contract.ts). */
export type NativePlace = Place;

export type NativeCallback<T> = (error: NativeError | null, value?: T) => void;

export interface NativeProvider {
  /**
   * The OS service behind this provider, when the provider says so itself
   * (the helper, in its hello); the backend's info follows it.
   */
  readonly provider?: 'corelocation' | 'geoclue' | undefined;
  /** The identity the OS sees asking, when the provider says so itself (the helper, in its hello). */
  readonly bundle?: NativeBundleInfo | undefined;
  /**
   * Starts a one-shot request; returns its id for `cancel`. `onPrompt(true)`
   * is called when the OS shows a permission prompt, `onPrompt(false)` when
   * it was answered.
   */
  requestLocation(
    accuracy: number,
    maximumAgeMs: number,
    callback: NativeCallback<NativeFix>,
    onPrompt: (pending: boolean) => void,
    /** Ask the OS for an approximate fix only (CoreLocation kCLLocationAccuracyReduced, GeoClue city level). */
    reduced?: boolean,
  ): number;
  /** Cancels a request or a geocode; its callback is called with code ABORTED. */
  cancel(id: number): void;
  /** `onFix` runs for each fix; `onError` once, when the watch ends in failure. */
  startWatch(
    accuracy: number,
    distanceFilter: number,
    onFix: (fix: NativeFix) => void,
    onError: (error: NativeError) => void,
    /** As for requestLocation: true while a permission prompt is shown for this watch, false once answered. */
    onPrompt?: (pending: boolean) => void,
    reduced?: boolean,
  ): number;
  stopWatch(id: number): void;
  authorizationStatus(callback: NativeCallback<string>): void;
  /**
   * Prompts where the OS can; answers once the status is decided, or after
   * `limitMs` (0 or absent: no limit) with the status as it then is, since a
   * prompt may never appear.
   */
  requestAuthorization(callback: NativeCallback<string>, limitMs?: number): void;
  locationServicesEnabled(callback: NativeCallback<boolean>): void;
  accuracyAuthorization(callback: NativeCallback<string>): void;
  reverseGeocode(latitude: number, longitude: number, callback: NativeCallback<NativePlace[]>): number;
  forwardGeocode(address: string, callback: NativeCallback<NativePlace[]>): number;
  /** Stops the provider's thread. Pending callbacks get code ABORTED. */
  close(): void;
}

/** The addon's bundleInfo() and the helper's hello both give it in the public shape. */
export type NativeBundleInfo = BundleIdentity;

export interface NativeBinding {
  readonly abiVersion: number;
  /** Which OS service the addon wraps. */
  readonly provider: 'corelocation' | 'geoclue';
  createProvider(): NativeProvider;
  bundleInfo(): NativeBundleInfo;
}
