/**
 * A NativeProvider seen through a counter of the location requests that
 * reach it, so the contract suite can tell that a request never got there.
 * Methods run on the real provider (HelperProvider's #private fields need it).
 */
import type { NativeProvider } from '../../src/backends/native-binding.js';

export function countingProvider(native: NativeProvider): { provider: NativeProvider; requests: () => number } {
  let requests = 0;
  const provider = new Proxy(native, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (key === 'requestLocation') {
        return (...args: unknown[]) => {
          requests += 1;
          return method.apply(target, args);
        };
      }
      return method.bind(target);
    },
  });
  return { provider, requests: () => requests };
}
