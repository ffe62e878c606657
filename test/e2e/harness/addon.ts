/**
 * The GeoClue addon as the package loads it (build/Release/whereami.node),
 * and backends over it. The e2e suite fails, saying how to build it, rather
 * than passing without it.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadAddon } from '../../../src/backends/addon-loader.js';
import type { NativeBinding } from '../../../src/backends/native-binding.js';
import { NativeBackend } from '../../../src/backends/native-backend.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The newest modification time among the files a Linux addon is built from. */
function newestSource(): { path: string; mtimeMs: number } {
  const files = [
    ...readdirSync(join(ROOT, 'native', 'linux')).map((name) => join(ROOT, 'native', 'linux', name)),
    ...readdirSync(join(ROOT, 'native', 'addon')).map((name) => join(ROOT, 'native', 'addon', name)),
    join(ROOT, 'native', 'provider.h'),
    join(ROOT, 'binding.gyp'),
  ];
  return files
    .map((path) => ({ path, mtimeMs: statSync(path).mtimeMs }))
    .reduce((newest, file) => (file.mtimeMs > newest.mtimeMs ? file : newest));
}

/**
 * The loader tries prebuilds/ first, as it must for users; in a checkout a
 * prebuild made before the native sources last changed would have these
 * suites and the benches test old code without a word. Say so instead.
 */
function refuseStalePrebuild(path: string): void {
  if (!relative(ROOT, path).startsWith(`prebuilds${sep}`)) return;
  const source = newestSource();
  if (statSync(path).mtimeMs < source.mtimeMs) {
    throw new Error(
      `${path} is older than ${relative(ROOT, source.path)}: the suites would test old native code. Run npm run prebuild:native (or delete prebuilds/).`,
    );
  }
}

export function geoclueAddon(): { binding: NativeBinding; path: string } {
  const load = loadAddon(process.env);
  if (!load.ok) {
    throw new Error(`no addon (${load.failures.join('; ')}): build it with node scripts/native/install.mjs --strict`);
  }
  if (load.binding.provider !== 'geoclue') throw new Error(`${load.path} wraps ${load.binding.provider}, not geoclue`);
  refuseStalePrebuild(load.path);
  return load;
}

/** A backend over a new provider: it reads WHEREAMI_DESKTOP_ID and friends now. */
export function geoclueBackend(): NativeBackend {
  const { binding, path } = geoclueAddon();
  return new NativeBackend(binding.createProvider(), { name: 'addon', provider: 'geoclue', detail: path });
}
