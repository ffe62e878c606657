/**
 * A backend whose every answer the test gives by hand: each provider request
 * and watch is recorded, and settles only when the test says so.
 */
import type {
  Backend,
  ProviderRequest,
  ProviderWatch,
  ProviderWatchRequest,
  WatchSink,
} from '../../src/backends/contract.js';
import type { LocationError } from '../../src/errors.js';
import type { Location } from '../../src/types.js';

export interface ManualRequest {
  request: ProviderRequest;
  resolve(fix: Location): void;
  reject(error: LocationError): void;
  aborted: boolean;
}

export interface ManualWatch {
  request: ProviderWatchRequest;
  sink: WatchSink;
  stopped: boolean;
}

export function fixAt(latitude: number, longitude: number, extra: Partial<Location> = {}): Location {
  return { latitude, longitude, accuracy: 10, timestamp: Date.now(), provider: 'simulated', ...extra };
}

export class ManualBackend implements Backend {
  readonly info = { name: 'simulated' as const, provider: 'simulated' as const, detail: 'manual' };
  readonly requests: ManualRequest[] = [];
  readonly watches: ManualWatch[] = [];

  getLocation(request: ProviderRequest): Promise<Location> {
    return new Promise((resolve, reject) => {
      const entry: ManualRequest = { request, resolve, reject, aborted: false };
      request.signal.addEventListener('abort', () => {
        entry.aborted = true;
      });
      this.requests.push(entry);
    });
  }

  watch(request: ProviderWatchRequest, sink: WatchSink): ProviderWatch {
    const entry: ManualWatch = { request, sink, stopped: false };
    this.watches.push(entry);
    return {
      stop: () => {
        entry.stopped = true;
      },
    };
  }

  get activeWatches(): ManualWatch[] {
    return this.watches.filter((w) => !w.stopped);
  }

  authorizationStatus = () => Promise.resolve('authorized' as const);
  requestAuthorization = () => Promise.resolve('authorized' as const);
  locationServicesEnabled = () => Promise.resolve(true);
  accuracyAuthorization = () => Promise.resolve('full' as const);
  reverseGeocode = () => Promise.resolve([]);
  forwardGeocode = () => Promise.resolve([]);
  close(): void {}
}

/** Lets pending promise callbacks and microtasks run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A watch listener that keeps every fix, and every error as [code, fatal]. */
export function recorder() {
  const fixes: Location[] = [];
  const errors: [string, boolean][] = [];
  return {
    fixes,
    errors,
    listener: {
      location: (fix: Location) => fixes.push(fix),
      error: (error: LocationError, fatal: boolean) => errors.push([error.code, fatal]),
    },
  };
}
