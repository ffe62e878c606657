/**
 * A fake of the native addon's JS contract (src/backends/native-binding.ts),
 * answering asynchronously as the real binding does through its thread-safe
 * functions. It lets the adapter and the core be tested without native code.
 */
import type {
  NativeBinding,
  NativeCallback,
  NativeError,
  NativeFix,
  NativePlace,
  NativeProvider,
} from '../../src/backends/native-binding.js';
import { NATIVE_ABI_VERSION } from '../../src/backends/native-binding.js';

interface Pending {
  callback: NativeCallback<NativeFix> | NativeCallback<NativePlace[]>;
}

interface Watch {
  onFix(fix: NativeFix): void;
  onError(error: NativeError): void;
}

export class FakeNativeProvider implements NativeProvider {
  position = { latitude: 37.3349, longitude: -122.009 };
  /** Raw extra fields, to check sentinel removal (CoreLocation reports -1 for unknown). */
  extras: Partial<NativeFix> = {};
  nextError: NativeError | undefined;
  neverAnswer = false;
  closed = false;
  requests = 0;
  readonly pending = new Map<number, Pending>();
  readonly watches = new Map<number, Watch>();
  #nextId = 1;

  fix(): NativeFix {
    return { ...this.position, accuracy: 65, timestamp: Date.now(), ...this.extras };
  }

  requestLocation(_accuracy: number, _maximumAgeMs: number, callback: NativeCallback<NativeFix>): number {
    const id = this.#nextId++;
    this.requests += 1;
    this.pending.set(id, { callback });
    if (!this.neverAnswer) {
      const error = this.nextError;
      this.nextError = undefined;
      setImmediate(() => {
        if (!this.pending.delete(id)) return;
        if (error) callback(error);
        else callback(null, this.fix());
      });
    }
    return id;
  }

  cancel(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    setImmediate(() => pending.callback({ code: 'ABORTED', message: 'cancelled' }));
  }

  startWatch(_accuracy: number, _distanceFilter: number, onFix: (fix: NativeFix) => void, onError: (e: NativeError) => void): number {
    const id = this.#nextId++;
    this.watches.set(id, { onFix, onError });
    setImmediate(() => this.watches.get(id)?.onFix(this.fix()));
    return id;
  }

  stopWatch(id: number): void {
    this.watches.delete(id);
  }

  moveTo(latitude: number, longitude: number): void {
    this.position = { latitude, longitude };
    for (const watch of this.watches.values()) setImmediate(() => watch.onFix(this.fix()));
  }

  authorizationStatus(callback: NativeCallback<string>): void {
    setImmediate(() => callback(null, 'authorized'));
  }

  requestAuthorization(callback: NativeCallback<string>): void {
    setImmediate(() => callback(null, 'authorized'));
  }

  locationServicesEnabled(callback: NativeCallback<boolean>): void {
    setImmediate(() => callback(null, true));
  }

  accuracyAuthorization(callback: NativeCallback<string>): void {
    setImmediate(() => callback(null, 'full'));
  }

  reverseGeocode(latitude: number, longitude: number, callback: NativeCallback<NativePlace[]>): number {
    const id = this.#nextId++;
    this.pending.set(id, { callback });
    setImmediate(() => {
      if (this.pending.delete(id)) callback(null, [{ latitude, longitude, city: 'Cupertino', isoCountryCode: 'US' }]);
    });
    return id;
  }

  forwardGeocode(_address: string, callback: NativeCallback<NativePlace[]>): number {
    const id = this.#nextId++;
    this.pending.set(id, { callback });
    setImmediate(() => {
      if (this.pending.delete(id)) callback(null, [{ ...this.position, name: 'Apple Park' }]);
    });
    return id;
  }

  close(): void {
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.cancel(id);
    this.watches.clear();
  }
}

export function createFakeBinding(provider = new FakeNativeProvider()): NativeBinding & { provider: 'corelocation'; fake: FakeNativeProvider } {
  return {
    abiVersion: NATIVE_ABI_VERSION,
    provider: 'corelocation',
    fake: provider,
    createProvider: () => provider,
    bundleInfo: () => ({ hasLocationUsageDescription: false }),
  };
}
