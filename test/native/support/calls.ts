/** Promise wrappers over the raw NativeProvider, recording prompt events. */
import type { NativeError, NativeFix, NativePlace, NativeProvider } from '../../../src/backends/native-binding.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: NativeError };

export function request(
  native: NativeProvider,
  accuracy = 100,
  maximumAge = 0,
  prompts: boolean[] = [],
): { id: number; done: Promise<Outcome<NativeFix>> } {
  let id = 0;
  const done = new Promise<Outcome<NativeFix>>((resolve) => {
    let calls = 0;
    id = native.requestLocation(
      accuracy,
      maximumAge,
      (error, fix) => {
        calls += 1;
        if (calls > 1) throw new Error('callback called twice');
        resolve(error ? { ok: false, error } : { ok: true, value: fix as NativeFix });
      },
      (pending) => prompts.push(pending),
    );
  });
  return { id, done };
}

export function answer<T>(start: (cb: (error: NativeError | null, value?: T) => void) => unknown): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    start((error, value) => resolve(error ? { ok: false, error } : { ok: true, value: value as T }));
  });
}

export function geocode(native: NativeProvider, latitude: number, longitude: number): Promise<Outcome<NativePlace[]>> {
  return answer<NativePlace[]>((cb) => native.reverseGeocode(latitude, longitude, cb));
}

export interface WatchRecord {
  id: number;
  fixes: NativeFix[];
  errors: NativeError[];
  prompts: boolean[];
}

export function watch(native: NativeProvider, accuracy = 100, distanceFilter = 0): WatchRecord {
  const record: WatchRecord = { id: 0, fixes: [], errors: [], prompts: [] };
  record.id = native.startWatch(
    accuracy,
    distanceFilter,
    (fix) => record.fixes.push(fix),
    (error) => record.errors.push(error),
    (pending) => record.prompts.push(pending),
  );
  return record;
}
