/**
 * Loads the command's big CommonJS file (dist/cli/app.cjs) with V8's code
 * cache, so a `whereami` process does not compile ~170 KB of JavaScript from
 * scratch on every start. Measured on Node 20 here: compiling app.cjs took
 * 5.1 ms and running its top level 8.5 ms; with the cache, 0.8 and 6.7 ms.
 *
 * Node 22.1 and later do this themselves (`module.enableCompileCache`), for
 * every module the process loads after the call; we only choose the folder.
 * Node 20 has no such switch, so there the file is compiled through `vm`
 * with the cached data V8 made at the end of an earlier run.
 *
 * The cache lives in the user's own cache folder (never a shared temporary
 * folder: cached code is code, and another user must not be able to plant
 * it), and any failure to read or write it only costs the compile it would
 * have saved. `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// node:vm is taken when the app is loaded, not when the bin is: `whereami
// --version` never needs it. node:module is taken only on Node 22.1+, for its
// compile cache: loading it starts parts of Node's ES module loader (about
// 0.6 ms here), which Node 20's path below does without.

/** Node 22.1+'s own compile cache (absent from Node 20's module, and from its types here). */
type EnableCompileCache = (directory?: string) => unknown;

/** `module.enableCompileCache`, on the Nodes that have it (22.1 and later). */
function nodeCompileCache(): EnableCompileCache | undefined {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 1)) return undefined;
  return (process.getBuiltinModule('node:module') as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
}

/**
 * Which kind of command a run is, as far as the code it runs goes: each
 * kind keeps its own cache (see cacheFileFor).
 */
export type CacheProfile = 'locate' | 'status' | 'request-permission' | 'serve';

/** What CommonJS wraps a file's source in (Module.wrap's text, spelled out so node:module stays unloaded). */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

/** The per-user cache folder the platform expects, or undefined when there is no home to put it in. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (platform !== 'darwin' && xdg && xdg.startsWith('/')) return join(xdg, 'node-whereami');
  // $HOME is what os.homedir() would answer with; asking it loads node:os (about a millisecond here).
  let home = env['HOME'];
  try {
    home ||= process.getBuiltinModule('node:os').homedir();
  } catch {
    return undefined;
  }
  if (!home) return undefined;
  return platform === 'darwin' ? join(home, 'Library', 'Caches', 'node-whereami') : join(home, '.cache', 'node-whereami');
}

/** Only a folder this user owns and nobody else can write may hold code this process will run. */
function isPrivateFolder(dir: string): boolean {
  try {
    const stats = lstatSync(dir);
    const uid = process.getuid?.();
    return stats.isDirectory() && (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Makes the cache folder (mode 700) if it is missing; whether it is private to this user. */
function madePrivateFolder(dir: string): boolean {
  // Checked first: a run that finds its cache writes nothing at all.
  if (isPrivateFolder(dir)) return true;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return isPrivateFolder(dir);
}

/**
 * The cache file for this exact file, runtime and kind of command. V8
 * itself rejects data made by another V8 or with other flags, but it checks
 * only the source's length, so the name carries what identifies the file's
 * contents: its size, inode and modification time (a reinstall or rebuild
 * makes a new file), with Node's version and architecture. It starts with
 * the identity of the folder the file is in, so that two installs of the
 * command (a global one and a project's) each keep their own cache instead
 * of replacing each other's on every run.
 *
 * Each kind of command (see CacheProfile) has its own: a cache holds only
 * the functions of the run that wrote it and is never rewritten while V8
 * takes it, so one shared cache written by a first `whereami status` made
 * every later locate compile its own functions again, run after run:
 * 104.4 million instructions instead of 100.4 (104.7 after a first `serve`).
 */
function cacheFileFor(dir: string, file: string, profile: CacheProfile): { path: string; installPrefix: string } {
  const { size, ino, mtimeMs } = statSync(file);
  const folder = statSync(dirname(file));
  const installPrefix = `${basename(file, '.cjs')}-${profile}-${folder.dev}-${folder.ino}-`;
  return {
    path: join(dir, `${installPrefix}${process.version}-${process.arch}-${size}-${ino}-${Math.trunc(mtimeMs)}.v8cache`),
    installPrefix,
  };
}

/** A cache nobody has rewritten for this long is dropped when another is written: its install is likely gone. */
const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Writes the cache atomically (a racing process reads an old whole file or
 * none), then drops this install's older caches and any cache left
 * untouched for a month.
 */
function saveCache(dir: string, cacheFile: { path: string; installPrefix: string }, data: Buffer): void {
  try {
    if (!madePrivateFolder(dir)) return;
    const temporary = `${cacheFile.path}.${process.pid}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, cacheFile.path);
    const now = Date.now();
    for (const entry of readdirSync(dir)) {
      if (!entry.endsWith('.v8cache') || entry === basename(cacheFile.path)) continue;
      const path = join(dir, entry);
      if (entry.startsWith(cacheFile.installPrefix) || now - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { force: true });
    }
  } catch {
    // A read-only or full home only means the next start compiles again.
  }
}

function readCache(dir: string, cacheFile: { path: string }): Buffer | undefined {
  if (!isPrivateFolder(dir)) return undefined;
  try {
    return readFileSync(cacheFile.path);
  } catch {
    return undefined;
  }
}

/**
 * Whether this run's compiled code becomes the cache. The cache holds the
 * functions the run that wrote it compiled, and is then used unchanged; a
 * run that only printed help or a usage error compiles little of app.cjs, and
 * every later command would compile the rest itself, every time. Measured:
 * `whereami --simulate 52.52,13.405 --json` took 107.4 million instructions
 * after a first run of `--help`, 100.0 million after a first run of itself.
 */
let keepThisRun = true;

/** Called by the command when this run did no real work: the next run that does writes the cache. */
export function keepNoCodeCacheFromThisRun(): void {
  keepThisRun = false;
}

/**
 * Runs a CommonJS file the way require() would, compiled with V8's cached
 * data when there is some. `requireForFile` is the require the file's code
 * gets (see requireWithCodeCache).
 */
function requireThroughVm(file: string, dir: string, requireForFile: NodeJS.Require, profile: CacheProfile): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheFileFor(dir, file, profile);
  const cachedData = readCache(dir, cacheFile);
  const { Script } = process.getBuiltinModule('node:vm');
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown, filename: file, loaded: false };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, requireForFile, module, file, dirname(file));
  module.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected === true) {
    // At exit the functions this run used are compiled too, so the cache holds them as well.
    process.once('exit', () => {
      if (keepThisRun) saveCache(dir, cacheFile, script.createCachedData());
    });
  }
  return module.exports;
}

/**
 * require(file), compiled through the per-user code cache when there is one
 * to use. `requireForFile` must resolve every path the file requires as the
 * file's own require would: one made in its folder, or (the bin's) one made
 * elsewhere in the same package when the file requires only packages.
 */
export function requireWithCodeCache(
  file: string,
  requireForFile: NodeJS.Require,
  profile: CacheProfile = 'locate',
  env: NodeJS.ProcessEnv = process.env,
): unknown {
  const disabled = env['NODE_DISABLE_COMPILE_CACHE'] === '1';
  const dir = disabled ? undefined : userCacheDir(env);
  if (dir === undefined) return requireForFile(file);
  const enableCompileCache = nodeCompileCache();
  if (enableCompileCache !== undefined) {
    // Node reads its cache from the folder it is given as readily as ours
    // does: the same rule holds (isPrivateFolder). Node makes its own
    // subfolders world-readable; inside ours (mode 700) nobody else reaches them.
    if (madePrivateFolder(dir)) enableCompileCache(join(dir, 'node-compile-cache'));
    return requireForFile(file);
  }
  return requireThroughVm(file, dir, requireForFile, profile);
}
