/**
 * node-whereami/geolocation: the W3C Geolocation API (what browsers expose as
 * `navigator.geolocation`) over the same locator core as the main API, so
 * code written for browsers runs unchanged in Node and Electron's main process.
 *
 * ```js
 * import { geolocation } from 'node-whereami/geolocation';
 * geolocation.getCurrentPosition((position) => console.log(position.coords.latitude));
 * ```
 */
export { Geolocation, geolocation } from './geolocation.js';
export type { PositionCallback, PositionErrorCallback } from './geolocation.js';
export { GeolocationPositionError } from './errors.js';
export type { W3CErrorCode } from '../errors.js';
export { GeolocationCoordinates, GeolocationPosition } from './position.js';
export type { GeolocationCoordinatesJSON, GeolocationPositionJSON } from './position.js';
export type { AccuracyMode, PositionOptions } from './options.js';
export { install } from './install.js';
export type { InstallOptions, Installation } from './install.js';
