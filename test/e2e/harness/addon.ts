/**
 * The GeoClue addon as the package loads it (build/Release/whereami.node),
 * and backends over it. The e2e suite fails, saying how to build it, rather
 * than passing without it.
 */
import { loadAddon } from '../../../src/backends/addon-loader.js';
import type { NativeBinding } from '../../../src/backends/native-binding.js';
import { NativeBackend } from '../../../src/backends/native-backend.js';

export function geoclueAddon(): { binding: NativeBinding; path: string } {
  const load = loadAddon(process.env);
  if (!load.ok) {
    throw new Error(`no addon (${load.failures.join('; ')}): build it with node scripts/native/install.mjs --strict`);
  }
  if (load.binding.provider !== 'geoclue') throw new Error(`${load.path} wraps ${load.binding.provider}, not geoclue`);
  return load;
}

/** A backend over a new provider: it reads WHEREAMI_DESKTOP_ID and friends now. */
export function geoclueBackend(): NativeBackend {
  const { binding, path } = geoclueAddon();
  return new NativeBackend(binding.createProvider(), { name: 'addon', provider: 'geoclue', detail: path });
}
