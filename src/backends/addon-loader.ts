/**
 * Finds and loads the native addon, lazily: importing the package never
 * touches native code, so it imports on every OS. It tries, in order, the
 * prebuilt binary for this platform (the only way in under npm's default of
 * blocked install scripts), then a local build (compiled at install or by
 * hand). A failed load says every path it tried and why each failed, and
 * what the person can do about it.
 */
import { packageRoot } from '../package-root.js';
import { lazyRequire } from './lazy-require.js';
import { NATIVE_ABI_VERSION, type NativeBinding } from './native-binding.js';
import { prebuildAddon, prebuildDir } from './prebuilds.js';

// Taken, not imported: an imported builtin gets an ES module facade, and
// making one measurably adds to `import 'node-whereami'` (see package-root.ts).
const nodePath = process.getBuiltinModule('node:path');

export type AddonLoad =
  | { ok: true; binding: NativeBinding; path: string }
  | { ok: false; failures: string[]; hint: string };

type Candidate = { path: string } | { missing: string };

/** One at a time: when the prebuild loads, the local builds' paths are never made. */
function* candidates(env: NodeJS.ProcessEnv): Generator<Candidate> {
  const override = env['WHEREAMI_ADDON_PATH'];
  if (override) {
    yield { path: override };
    return;
  }
  const root = packageRoot();
  const dir = prebuildDir(root);
  const prebuild = dir.ok ? prebuildAddon(dir.dir) : dir;
  yield prebuild.ok ? { path: prebuild.path } : { missing: prebuild.why };
  for (const config of ['Release', 'Debug']) yield { path: nodePath.join(root, 'build', config, 'whereami.node') };
}

/** Every file the loader would try, in order (prebuild, then local builds). */
export function addonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return Array.from(candidates(env)).flatMap((candidate) => ('path' in candidate ? [candidate.path] : []));
}

function isBinding(value: unknown): value is NativeBinding {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['createProvider'] === 'function' && typeof candidate['bundleInfo'] === 'function';
}

const APPROVE =
  'npm blocks dependencies\' install scripts by default: to compile the addon, run `npm install-scripts approve node-whereami` then `npm rebuild node-whereami`';

/** What to do, given why each candidate failed: a missing shared library or glibc is not fixed by compiling. */
export function loadHint(failures: readonly string[], platform: NodeJS.Platform = process.platform): string {
  const text = failures.join('\n');
  if (/libgio|libglib|libgobject/.test(text)) {
    return 'The addon needs GLib/GIO at run time: install it (Debian/Ubuntu: apt install libglib2.0-0; Fedora: dnf install glib2), and GeoClue2 (geoclue-2.0).';
  }
  if (/GLIBC_[\d.]+' not found/.test(text)) {
    return `This system's glibc is older than the prebuilt addon's. ${APPROVE} (needs a C++ compiler, make, python3, pkg-config and libglib2.0-dev).`;
  }
  if (platform === 'linux') {
    return `${APPROVE} (needs a C++ compiler, make, python3, pkg-config and libglib2.0-dev).`;
  }
  if (platform === 'darwin') return `${APPROVE} (needs Xcode's command-line tools: xcode-select --install).`;
  return `node-whereami has no native location provider for ${platform}.`;
}

const loaded = new Map<string, AddonLoad>();

export function loadAddon(env: NodeJS.ProcessEnv = process.env): AddonLoad {
  const key = env['WHEREAMI_ADDON_PATH'] ?? '';
  const cached = loaded.get(key);
  if (cached) return cached;
  const failures: string[] = [];
  let result: AddonLoad | undefined;
  for (const candidate of candidates(env)) {
    if ('missing' in candidate) {
      failures.push(candidate.missing);
      continue;
    }
    const { path } = candidate;
    try {
      const exports = lazyRequire(path);
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
  result ??= { ok: false, failures, hint: loadHint(failures) };
  loaded.set(key, result);
  return result;
}
