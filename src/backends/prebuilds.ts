/**
 * Where this platform's prebuilt binaries live: prebuilds/<platform>-<arch>/
 * as prebuildify writes them (`node-whereami.glibc.node`, and on macOS the
 * whereami-helper executable beside it). Which folder and which file match
 * this process is node-gyp-build's decision (its tuple and tag rules: libc,
 * Node or Electron, N-API); we only ask it, so that the loader can try the
 * prebuild first and still name every path it tried and why.
 */
import { lazyRequire } from './lazy-require.js';

// Taken, not imported: an imported builtin gets an ES module facade, and
// making one measurably adds to `import 'node-whereami'` (see package-root.ts).
const nodePath = process.getBuiltinModule('node:path');
const { readdirSync } = process.getBuiltinModule('node:fs');

interface Tuple {
  name: string;
  platform: string;
  architectures: string[];
}
interface Tags {
  file: string;
}
/** The parts of node-gyp-build we use (it ships no types). */
export interface NodeGypBuild {
  parseTuple(name: string): Tuple | undefined;
  matchTuple(platform: string, arch: string): (tuple: Tuple | undefined) => tuple is Tuple;
  compareTuples(this: void, a: Tuple, b: Tuple): number;
  parseTags(file: string): Tags | undefined;
  matchTags(runtime: string, abi: string): (tags: Tags | undefined) => tags is Tags;
  compareTags(runtime: string): (a: Tags, b: Tags) => number;
}

/**
 * node-gyp-build's rules live in node-gyp-build.js. Its main, index.js, only
 * picks between that file and Bare's require.addon (a loader we never call) and
 * in Node exports that very module; requiring the file directly skips one
 * module's resolution and compile, about 0.75 ms of a fresh process's first
 * location (measured on the installed tarball).
 */
const RULES_FILE = 'node-gyp-build/node-gyp-build.js';

/** Errors that mean "this node-gyp-build has no such file to require": a later release that moved it or closed it with `exports`. */
const MOVED = new Set(['MODULE_NOT_FOUND', 'ERR_PACKAGE_PATH_NOT_EXPORTED']);

/** node-gyp-build's rules, from its rules file, or from its main when a release no longer offers that file. */
export function requireGypBuild(load: (id: string) => unknown): NodeGypBuild {
  try {
    return load(RULES_FILE) as NodeGypBuild;
  } catch (error) {
    if (!MOVED.has(String((error as NodeJS.ErrnoException).code))) throw error;
    return load('node-gyp-build') as NodeGypBuild;
  }
}

let rules: NodeGypBuild | undefined;

/** Loaded on first use, once: importing the package never pays for it. */
function gypBuild(): NodeGypBuild {
  return (rules ??= requireGypBuild(lazyRequire));
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export type PrebuildDir = { ok: true; dir: string } | { ok: false; why: string };

/**
 * Each answer of prebuildDir, by package root and target: the addon loader
 * and the helper lookup (macOS) both ask, and the folder a package ships does
 * not change while a process runs.
 */
const dirs = new Map<string, PrebuildDir>();

/** The prebuilds/ folder that matches this platform and architecture, most specific first. */
export function prebuildDir(root: string): PrebuildDir {
  const target = `${process.env['npm_config_platform'] ?? process.platform}-${process.env['npm_config_arch'] ?? process.arch}`;
  const key = `${root}\0${target}`;
  let dir = dirs.get(key);
  if (!dir) {
    dir = findPrebuildDir(root, target);
    dirs.set(key, dir);
  }
  return dir;
}

function findPrebuildDir(root: string, target: string): PrebuildDir {
  const base = nodePath.join(root, 'prebuilds');
  const names = list(base);
  // A checkout or a compiled install ships none: nothing to choose from, so node-gyp-build is not loaded.
  if (names.length === 0) return { ok: false, why: `${base}: no prebuild for ${target} (none shipped)` };
  const rules = gypBuild();
  const [os, cpu] = target.split('-') as [string, string];
  const tuple = names
    .map((name) => rules.parseTuple(name))
    .filter(rules.matchTuple(os, cpu))
    .sort(rules.compareTuples)[0];
  if (!tuple) return { ok: false, why: `${base}: no prebuild for ${target} (only ${names.join(', ')})` };
  return { ok: true, dir: nodePath.join(base, tuple.name) };
}

/** The addon prebuild in `dir` that this runtime can load, or why there is none. */
export function prebuildAddon(dir: string): { ok: true; path: string } | { ok: false; why: string } {
  const rules = gypBuild();
  const runtime = process.versions['electron'] ? 'electron' : 'node';
  const files = list(dir);
  const winner = files
    .map((file) => rules.parseTags(file))
    .filter(rules.matchTags(runtime, process.versions.modules))
    .sort(rules.compareTags(runtime))[0];
  if (!winner) return { ok: false, why: `${dir}: no .node file for this runtime (${files.join(', ') || 'empty'})` };
  return { ok: true, path: nodePath.join(dir, winner.file) };
}
