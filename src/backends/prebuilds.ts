/**
 * Where this platform's prebuilt binaries live: prebuilds/<platform>-<arch>/
 * as prebuildify writes them (`node.napi.glibc.node`, and on macOS the
 * whereami-helper executable beside it). Which folder and which file match
 * this process is node-gyp-build's decision (its tuple and tag rules: libc,
 * Node or Electron, N-API); we only ask it, so that the loader can try the
 * prebuild first and still name every path it tried and why.
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';

interface Tuple {
  name: string;
  platform: string;
  architectures: string[];
}
interface Tags {
  file: string;
}
/** The parts of node-gyp-build we use (it ships no types). */
interface NodeGypBuild {
  parseTuple(name: string): Tuple | undefined;
  matchTuple(platform: string, arch: string): (tuple: Tuple | undefined) => tuple is Tuple;
  compareTuples(this: void, a: Tuple, b: Tuple): number;
  parseTags(file: string): Tags | undefined;
  matchTags(runtime: string, abi: string): (tags: Tags | undefined) => tags is Tags;
  compareTags(runtime: string): (a: Tags, b: Tags) => number;
}

const require = createRequire(import.meta.url);

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export type PrebuildDir = { ok: true; dir: string } | { ok: false; why: string };

/** The prebuilds/ folder that matches this platform and architecture, most specific first. */
export function prebuildDir(root: string): PrebuildDir {
  const gypBuild = require('node-gyp-build') as NodeGypBuild;
  const base = join(root, 'prebuilds');
  const names = list(base);
  const target = `${process.env['npm_config_platform'] ?? platform()}-${process.env['npm_config_arch'] ?? arch()}`;
  const [os, cpu] = target.split('-') as [string, string];
  const tuple = names
    .map((name) => gypBuild.parseTuple(name))
    .filter(gypBuild.matchTuple(os, cpu))
    .sort(gypBuild.compareTuples)[0];
  if (!tuple) {
    const found = names.length > 0 ? `only ${names.join(', ')}` : 'none shipped';
    return { ok: false, why: `${base}: no prebuild for ${target} (${found})` };
  }
  return { ok: true, dir: join(base, tuple.name) };
}

/** The addon prebuild in `dir` that this runtime can load, or why there is none. */
export function prebuildAddon(dir: string): { ok: true; path: string } | { ok: false; why: string } {
  const gypBuild = require('node-gyp-build') as NodeGypBuild;
  const runtime = process.versions['electron'] ? 'electron' : 'node';
  const files = list(dir);
  const winner = files
    .map((file) => gypBuild.parseTags(file))
    .filter(gypBuild.matchTags(runtime, process.versions.modules))
    .sort(gypBuild.compareTags(runtime))[0];
  if (!winner) return { ok: false, why: `${dir}: no .node file for this runtime (${files.join(', ') || 'empty'})` };
  return { ok: true, path: join(dir, winner.file) };
}
