/**
 * Finds and loads the native addon, lazily: importing the package never
 * touches native code, so it imports on every OS. A failed load says every
 * path it tried and why each failed.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { NATIVE_ABI_VERSION, type NativeBinding } from './native-binding.js';

/** The package root: this file lives in dist/backends/ (or src/backends/ under the test runner). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type AddonLoad =
  | { ok: true; binding: NativeBinding; path: string }
  | { ok: false; failures: string[] };

export function addonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env['WHEREAMI_ADDON_PATH']) return [env['WHEREAMI_ADDON_PATH']];
  return ['Release', 'Debug'].map((config) => join(PACKAGE_ROOT, 'build', config, 'whereami.node'));
}

function isBinding(value: unknown): value is NativeBinding {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['createProvider'] === 'function' && typeof candidate['bundleInfo'] === 'function';
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, AddonLoad>();

export function loadAddon(env: NodeJS.ProcessEnv = process.env): AddonLoad {
  const candidates = addonCandidates(env);
  const key = candidates.join('\0');
  const cached = loaded.get(key);
  if (cached) return cached;
  const failures: string[] = [];
  let result: AddonLoad | undefined;
  for (const path of candidates) {
    try {
      const exports: unknown = require(path);
      if (!isBinding(exports)) {
        failures.push(`${path}: not a node-whereami addon`);
      } else if (exports.abiVersion !== NATIVE_ABI_VERSION) {
        failures.push(`${path}: ABI version ${String(exports.abiVersion)}, expected ${NATIVE_ABI_VERSION} (rebuild it)`);
      } else {
        result = { ok: true, binding: exports, path };
        break;
      }
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      failures.push(err.code === 'MODULE_NOT_FOUND' ? `${path}: not built` : `${path}: ${err.message.split('\n')[0]}`);
    }
  }
  result ??= { ok: false, failures };
  loaded.set(key, result);
  return result;
}
