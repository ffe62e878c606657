/**
 * node-whereami/testing: a scripted location provider for your own tests.
 * No test framework dependency (vitest, jest, node:test, mocha all work),
 * no native code, any OS.
 *
 * ```js
 * const location = installScriptedLocation({ latitude: 52.52, longitude: 13.405 });
 * // ... code under test calls getLocation() or navigator.geolocation ...
 * location.uninstall();
 * ```
 */
export { installScriptedLocation, ScriptedLocation } from './scripted-location.js';
export type { ScriptedLocationOptions, ScriptedPosition, SimulationStats, TrackPoint } from './scripted-location.js';
export { LocationError } from '../errors.js';
export type { LocationErrorCode, LocationErrorOptions, W3CErrorCode } from '../errors.js';
// Every type the kit's signatures use, so a TypeScript user needs no other entry point.
export type { AccuracyAuthorization, AuthorizationStatus, Location, ProviderName } from '../types.js';
export type { Coordinates, Place } from '../backends/contract.js';
