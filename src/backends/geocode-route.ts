/**
 * CLGeocoder answers only on the process's main run loop, so the in-process
 * CoreLocation addon geocodes only where that loop runs (an Electron main
 * process) and says NOT_SUPPORTED elsewhere; the helper, whose main thread
 * runs that loop, can answer instead.
 */
import { LocationError } from '../errors.js';
import type { Backend } from './contract.js';

/** True when this backend's geocoding failure is one the helper backend would not have. */
export function helperGeocodesInstead(backend: Backend, error: unknown): boolean {
  return (
    backend.info.name === 'addon' &&
    backend.info.provider === 'corelocation' &&
    error instanceof LocationError &&
    error.code === 'NOT_SUPPORTED'
  );
}
