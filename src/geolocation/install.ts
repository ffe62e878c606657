/**
 * Opt-in `navigator.geolocation` for code written for browsers. An existing
 * `navigator` (Node 21+ has one, Electron renderers too) is kept and only
 * gains a `geolocation` property; an existing `geolocation` is left alone
 * unless `replace` is set.
 */
import { geolocation } from './geolocation.js';

export interface InstallOptions {
  /** Replace a `navigator.geolocation` that is already there. Default false. */
  replace?: boolean;
}

export interface Installation {
  /** True when `navigator.geolocation` is now this package's `geolocation`. */
  readonly installed: boolean;
  /** Puts back what was there before; does nothing when something else has replaced it since. */
  uninstall(): void;
}

type Holder = { navigator?: unknown };

const NOTHING: Installation = { installed: false, uninstall: () => undefined };

/**
 * Sets `globalThis.navigator.geolocation` to this package's `geolocation`.
 * @throws TypeError when `navigator` is not an object, or cannot take a property (frozen).
 */
export function install(options: InstallOptions = {}): Installation {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`install: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const holder = globalThis as Holder;
  const existing = holder.navigator;
  if (existing === undefined || existing === null) {
    const navigator = { geolocation };
    Object.defineProperty(globalThis, 'navigator', { value: navigator, writable: true, configurable: true });
    return {
      installed: true,
      uninstall: () => {
        if (holder.navigator === navigator) Reflect.deleteProperty(globalThis, 'navigator');
      },
    };
  }
  if (typeof existing !== 'object' && typeof existing !== 'function') {
    throw new TypeError(`install: globalThis.navigator is ${typeof existing}, not an object; cannot add geolocation`);
  }
  const navigator = existing as { geolocation?: unknown };
  const current = navigator.geolocation;
  if (current === geolocation) return { installed: true, uninstall: () => undefined };
  if (current !== undefined && options.replace !== true) return NOTHING;
  const previous = Object.getOwnPropertyDescriptor(navigator, 'geolocation');
  // defineProperty rather than assignment: Node's and browsers' navigators expose getters only.
  Object.defineProperty(navigator, 'geolocation', { value: geolocation, enumerable: true, configurable: true });
  return {
    installed: true,
    uninstall: () => {
      if (navigator.geolocation !== geolocation) return;
      if (previous) Object.defineProperty(navigator, 'geolocation', previous);
      else Reflect.deleteProperty(navigator, 'geolocation');
    },
  };
}
