#!/usr/bin/env node
// What binding.gyp and CMakeLists.txt need to build the GeoClue2 provider
// (native/linux), from pkg-config's gio-2.0:
//
//   node scripts/native/geoclue-config.mjs --available   prints 1 or 0
//   node scripts/native/geoclue-config.mjs --cflags      compiler flags
//   node scripts/native/geoclue-config.mjs --libs        linker flags
//
// Prints 0 or nothing (and never fails) off Linux or without the library,
// so a build there simply leaves the GeoClue target out.
import { spawnSync } from 'node:child_process';

const PACKAGE = 'gio-2.0';

function pkgConfig(...args) {
  if (process.platform !== 'linux') return undefined;
  const result = spawnSync('pkg-config', [...args, PACKAGE], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

const mode = process.argv[2];
if (mode === '--available') {
  console.log(pkgConfig('--exists') === undefined ? '0' : '1');
} else if (mode === '--cflags' || mode === '--libs') {
  console.log(pkgConfig(mode) ?? '');
} else {
  console.error('usage: geoclue-config.mjs --available|--cflags|--libs');
  process.exit(2);
}
