#!/usr/bin/env node
// npm run build: the JavaScript with esbuild, the types with tsc.
//
// Each library entry point becomes one ES module in dist/ at the path
// package.json's exports name (dist/index.js, dist/geolocation/index.js, ...);
// code shared by several lands once in dist/chunks/, so every entry sees the
// same instances; the `import()`s the sources make stay lazy chunks.
//
// The CLI is a build of its own (dist/cli/main.js, its chunks in
// dist/cli/chunks/) with its own copy of the library: a `whereami` process
// imports no library entry, and bundled apart from them its command path is a
// few files instead of the fifteen that sharing chunks with five library
// entries made. Few files means few module loads at start-up, which is most
// of what starting cost. Source maps point at src/ (node
// --enable-source-maps). Declarations come from tsc (emitDeclarationOnly),
// never from the bundler.
//
// Why esbuild: one dependency with no plugins needed, code splitting for ESM,
// and a build in well under a second; rolldown (already under vitest) is
// younger and its options move between releases; tsdown wraps rolldown and
// would also generate the types, which tsc must own here.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * Every entry point, in one place. The public ones match package.json's
 * exports and bin; src/internal.ts is what the repository's own tests and
 * benches import from dist/ (it shares chunks with the public ones, so one
 * process sees one default locator whichever entry it came in by).
 */
export const ENTRY_POINTS = [
  'src/index.ts',
  'src/geolocation/index.ts',
  'src/testing/index.ts',
  'src/serve/index.ts',
  'src/internal.ts',
];

/** The `whereami` command (bin/whereami.js imports it). */
export const CLI_ENTRY_POINT = 'src/cli/main.ts';

rmSync(join(root, 'dist'), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The lowest Node in package.json's engines.
  target: 'node20.19',
  // Dependencies stay packages: users dedupe them, and node-gyp-build must find the package root.
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ENTRY_POINTS, chunkNames: 'chunks/[name]-[hash]' }),
  build({ ...common, entryPoints: [CLI_ENTRY_POINT], chunkNames: 'cli/chunks/[name]-[hash]' }),
]);

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(tsc.status ?? 1);
