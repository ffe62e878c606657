#!/usr/bin/env node
// The package's install script. npm 11 blocks dependencies' install scripts
// by default, so for most users this never runs and the prebuilt binary in
// prebuilds/ is the way in; where it does run (the script approved with
// `npm install-scripts approve node-whereami`, or in a checkout), it compiles
// the addon with node-gyp only when no prebuild loads here, and never fails
// the install: the package imports everywhere, and without an addon its
// calls say UNSUPPORTED_PLATFORM with what to do.
//
//   node scripts/native/install.mjs            never fails (the install hook)
//   node scripts/native/install.mjs --strict   fails when a build was tried and failed (tests, CI)
//   node scripts/native/install.mjs --build    compiles even when a prebuild loads (tests of the local build)
//
// Uses the Node headers in /usr/include/node when they match this Node, so
// nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstErrorLine, whatToInstall } from './build-errors.mjs';
import { localNodeDir } from './node-headers.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const strict = process.argv.includes('--strict');
const forceBuild = process.argv.includes('--build');
const require = createRequire(import.meta.url);

function note(message) {
  console.log(`node-whereami: ${message}`);
}

/** node-gyp as npm provides it to install scripts, else the devDependency, else PATH. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    return ['node-gyp'];
  }
}

/**
 * Whether this platform's prebuild loads, asked of node-gyp-build (the
 * runtime's own chooser) in a child process with PREBUILDS_ONLY, so a local
 * build cannot answer for it and a crash cannot take the install down.
 */
function prebuildLoads() {
  const script = `const load = require(${JSON.stringify(require.resolve('node-gyp-build'))});
    const path = load.path(${JSON.stringify(root)}); require(path); console.log(path);`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, PREBUILDS_ONLY: '1' },
    encoding: 'utf8',
  });
  if (child.status === 0) return { ok: true, path: child.stdout.trim() };
  const why = child.stderr.split('\n').find((line) => /Error|error/.test(line))?.trim() ?? `exit ${child.status}`;
  return { ok: false, why };
}

if (!forceBuild) {
  const prebuild = prebuildLoads();
  if (prebuild.ok) {
    note(`using the prebuilt addon ${prebuild.path}; nothing to compile.`);
    process.exit(0);
  }
  if (!/No native build was found/.test(prebuild.why)) note(`the prebuilt addon does not load here (${prebuild.why}); compiling instead.`);
}

if (process.platform === 'linux') {
  const check = spawnSync(process.execPath, [resolve(root, 'scripts/native/geoclue-config.mjs'), '--available'], {
    encoding: 'utf8',
  });
  if (check.stdout.trim() !== '1') {
    note('GeoClue2 support not built: pkg-config finds no gio-2.0 (apt install pkg-config libglib2.0-dev, then npm rebuild node-whereami). Calls will say UNSUPPORTED_PLATFORM.');
    process.exit(0);
  }
} else if (process.platform !== 'darwin') {
  note(`no native location provider for ${process.platform}; calls will say UNSUPPORTED_PLATFORM (WHEREAMI_SIMULATE still works).`);
  process.exit(0);
}

const [command, ...prefix] = nodeGyp();
const nodedir = localNodeDir();
const args = [...prefix, 'rebuild', ...(nodedir ? [`--nodedir=${nodedir}`] : []), '--jobs=max'];
const result = spawnSync(command, args, {
  cwd: root,
  stdio: strict ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (result.status !== 0) {
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const why = result.error ? `${command}: ${result.error.message}` : firstErrorLine(output) ?? `node-gyp exited with ${result.status}`;
  note(`the native addon did not build: ${why}`);
  note(`${whatToInstall(why, process.platform)} Until then, calls say UNSUPPORTED_PLATFORM. Full log: node scripts/native/install.mjs --strict (in the package's folder).`);
  process.exit(strict ? 1 : 0);
}
