#!/usr/bin/env node
// `npm install` runs this: it builds the native addon with node-gyp where
// there is one to build (the GeoClue2 provider on Linux when pkg-config
// finds gio-2.0; CoreLocation on macOS) and never fails the install. The
// package imports everywhere; without an addon its calls say
// UNSUPPORTED_PLATFORM, with what to install.
//
//   node scripts/native/install.mjs            never fails (the install hook)
//   node scripts/native/install.mjs --strict   fails when a build was tried and failed (tests, CI)
//
// Uses the Node headers in /usr/include/node when they match this Node, so
// nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const strict = process.argv.includes('--strict');
const require = createRequire(import.meta.url);

function note(message) {
  console.log(`node-whereami: ${message}`);
}

function localNodeDir() {
  const header = '/usr/include/node/node_version.h';
  if (!existsSync(header)) return undefined;
  const text = readFileSync(header, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` === process.version ? '/usr' : undefined;
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
const result = spawnSync(command, args, { cwd: root, stdio: strict ? 'inherit' : ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (result.status !== 0) {
  const why = result.error?.message ?? result.stderr?.trim().split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${result.status}`;
  note(`the native addon did not build (${why}); calls will say UNSUPPORTED_PLATFORM. Run "node scripts/native/install.mjs --strict" in the package for the full log.`);
  process.exit(strict ? 1 : 0);
}
