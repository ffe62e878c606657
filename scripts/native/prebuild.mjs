#!/usr/bin/env node
// npm run prebuild:native: this platform's prebuilt binaries, with prebuildify,
// into prebuilds/<platform>-<arch>/ where node-gyp-build (and so the loader)
// finds them. One N-API build per platform and architecture: it loads in every
// Node from the lowest `engines` version up and in Electron.
//
//   Linux:  prebuilds/linux-<arch>/node-whereami.glibc.node (the GeoClue2 addon),
//           stripped. It links the glibc it was built against: release.yml
//           builds it in an old-glibc container so it loads on older systems.
//   macOS:  prebuilds/darwin-x64+arm64/node-whereami.node (binding.gyp builds it
//           universal) and whereami-helper beside it (universal, its Info.plist
//           embedded, ad-hoc signed; not stripped, which would break the signature).
//
// Uses the Node headers in /usr/include/node when they match this Node, so
// nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localNodeDir } from './node-headers.mjs';
import { addonFileName, prebuildFolder } from './prebuild-names.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

function run(command, args, env = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`prebuild: ${command} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

const darwin = process.platform === 'darwin';
if (!darwin && process.platform !== 'linux') {
  console.error(`prebuild: no native provider for ${process.platform}`);
  process.exit(1);
}

const folder = prebuildFolder(process.platform, process.arch);
const packageName = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;
const addon = join(root, 'prebuilds', folder, addonFileName(packageName, process.platform));
rmSync(join(root, 'prebuilds', folder), { recursive: true, force: true });
const nodedir = localNodeDir();
const prebuildify = join(dirname(require.resolve('prebuildify/package.json')), 'bin.js');
// The N-API build does not depend on the Node version it is compiled with;
// naming this one means node-gyp uses these headers instead of fetching others.
const args = [prebuildify, '--napi', '--target', process.versions.node];
// "x64+arm64" only names the folder: binding.gyp itself builds both architectures.
if (darwin) args.push('--arch', 'x64+arm64');
else args.push('--tag-libc', '--strip');
run(process.execPath, args, nodedir ? { npm_config_nodedir: nodedir } : {});

// The name release.yml checks and prebuild-names.mjs promises; a prebuildify
// that names its builds otherwise fails here, not in a release.
if (!existsSync(addon)) {
  console.error(`prebuild: expected ${addon}; prebuildify wrote ${readdirSync(dirname(addon)).join(', ') || 'nothing'}`);
  process.exit(1);
}

if (darwin) {
  const helper = join(root, 'prebuilds', folder, 'whereami-helper');
  copyFileSync(join(root, 'build', 'Release', 'whereami-helper'), helper);
  run('lipo', [helper, '-verify_arch', 'x86_64', 'arm64']);
  run('lipo', [addon, '-verify_arch', 'x86_64', 'arm64']);
  run('codesign', ['--verify', '--strict', helper]);
}
console.log(`prebuild: ${join('prebuilds', folder)} ready`);
