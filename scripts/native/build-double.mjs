#!/usr/bin/env node
// Builds the Linux test variant of the addon (native/darwin + native/addon
// against the CoreLocation double on GNUstep) with node-gyp or cmake-js.
//
//   node scripts/native/build-double.mjs [gyp|cmake] [--coverage]
//
// Outputs build-double/<tool>/whereami_double.node (never build/Release/
// whereami.node, which the package's loader reads). Uses the Node headers
// in /usr/include/node when they match this Node, so nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { localNodeDir } from './node-headers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const tool = args.find((a) => !a.startsWith('--')) ?? 'gyp';
const coverage = args.includes('--coverage');
const DOUBLE_TARGETS = ['whereami_double', 'whereami_helper_double'];

function run(command, commandArgs, env) {
  console.log(`> ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const nodedir = localNodeDir();
const env = nodedir ? { npm_config_nodedir: nodedir } : {};
const outDir = join(root, 'build-double', coverage ? `${tool}-coverage` : tool);
mkdirSync(outDir, { recursive: true });
// What the tests load must come from this build, never from an earlier one.
for (const file of ['whereami_double.node', 'whereami-helper-double']) rmSync(join(outDir, file), { force: true });

if (tool === 'gyp') {
  const gyp = require.resolve('node-gyp/bin/node-gyp.js');
  const flags = [...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  // The published binding.gyp knows nothing of the double: its targets come
  // in with gyp's -I, from a file under test/ that is never published.
  const gypArgs = ['-I', join(root, 'test', 'native', 'double-targets.gypi'), `-Dwhereami_coverage=${coverage ? 1 : 0}`];
  run(process.execPath, [gyp, 'configure', ...flags, '--', ...gypArgs], env);
  // gyp rule outputs (the .mm/.m objects) do not track headers or flags:
  // build the double targets from clean, leaving the other targets' files.
  for (const target of DOUBLE_TARGETS) {
    rmSync(join(root, 'build', 'Release', 'obj.target', target), { recursive: true, force: true });
  }
  // Only the double's targets: the real addon is the install's business.
  run('make', ['-C', join(root, 'build'), 'BUILDTYPE=Release', '-j2', ...DOUBLE_TARGETS], env);
  copyFileSync(join(root, 'build', 'Release', 'whereami_double.node'), join(outDir, 'whereami_double.node'));
  copyFileSync(join(root, 'build', 'Release', 'whereami_helper_double'), join(outDir, 'whereami-helper-double'));
} else if (tool === 'cmake') {
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  const cmakeOut = join(outDir, 'cmake-build');
  // A build folder configured from another source tree (the root
  // CMakeLists.txt, before the double moved to test/native) would quietly
  // build that project again and leave the old double in place: start clean.
  const cache = join(cmakeOut, 'CMakeCache.txt');
  const source = join(root, 'test', 'native');
  if (existsSync(cache) && !readFileSync(cache, 'utf8').includes(`CMAKE_HOME_DIRECTORY:INTERNAL=${source}\n`)) {
    rmSync(cmakeOut, { recursive: true, force: true });
  }
  // Never copy a stale double: what the copy reads must come from this build.
  rmSync(join(cmakeOut, 'Release', 'whereami_double.node'), { force: true });
  rmSync(join(cmakeOut, 'Release', 'whereami-helper-double'), { force: true });
  run(process.execPath, [cmakeJs, 'build', '--directory', join(root, 'test', 'native'), '--out', cmakeOut,
    `--CDWHEREAMI_COVERAGE=${coverage ? 'ON' : 'OFF'}`, '--parallel', '2'], env);
  copyFileSync(join(cmakeOut, 'Release', 'whereami_double.node'), join(outDir, 'whereami_double.node'));
  const helper = join(cmakeOut, 'Release', 'whereami-helper-double');
  if (existsSync(helper)) copyFileSync(helper, join(outDir, 'whereami-helper-double'));
} else {
  console.error(`unknown tool ${tool} (gyp or cmake)`);
  process.exit(2);
}
console.log(`built ${join(outDir, 'whereami_double.node')}`);
