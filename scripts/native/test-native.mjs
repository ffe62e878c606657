#!/usr/bin/env node
// npm run test:native: builds the CoreLocation-double variant of the addon
// with node-gyp and with cmake-js, then runs test/native (the backend
// contract suite, the scripted CoreLocation scenarios, the lifecycle tests)
// against each build in turn, each in its own vitest run.
//
//   --if-toolchain   skip with a clear line (exit 0) when clang or GNUstep is missing (npm test)
//   --no-build       test what build-double/ already holds
//   --only=gyp|cmake one build only
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const tools = only ? [only] : ['gyp', 'cmake'];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

const missing = ['clang', 'clang++', 'gnustep-config', 'cmake'].filter((c) => !has(c));
if (process.platform !== 'linux' || missing.length > 0) {
  const why = process.platform !== 'linux' ? `not Linux (${process.platform})` : `missing ${missing.join(', ')}`;
  const line = `test:native skipped: no GNUstep toolchain for the CoreLocation double (${why}); .ci/run installs it.`;
  // CI (WHEREAMI_REQUIRE_ALL=1) skips nothing: a missing toolchain fails there.
  if (args.includes('--if-toolchain') && process.env.WHEREAMI_REQUIRE_ALL !== '1') {
    console.log(line);
    process.exit(0);
  }
  console.error(line);
  process.exit(1);
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
// Some tests drive the built package (dist/), as users get it.
if (!existsSync(join(root, 'dist', 'index.js'))) {
  run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
}
for (const tool of tools) {
  if (!args.includes('--no-build')) run(process.execPath, [join(root, 'scripts/native/build-double.mjs'), tool]);
  const addon = join(root, 'build-double', tool, 'whereami_double.node');
  if (!existsSync(addon)) {
    console.error(`test:native: ${addon} was not built`);
    process.exit(1);
  }
  console.log(`\n== test/native against the ${tool} build (${addon}) ==`);
  run(process.execPath, [vitest, 'run', '--config', 'test/native/vitest.config.ts'], {
    WHEREAMI_DOUBLE_ADDON: addon,
    WHEREAMI_DOUBLE_HELPER: join(root, 'build-double', tool, 'whereami-helper-double'),
  });
}
