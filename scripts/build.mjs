#!/usr/bin/env node
// npm run build: the JavaScript with esbuild, the types with tsc.
//
// Each library entry point becomes one ES module in dist/ at the path
// package.json's exports name (dist/index.js, dist/geolocation/index.js, ...);
// code shared by several lands once in dist/chunks/, so every entry sees the
// same instances; the `import()`s the sources make stay lazy chunks.
//
// The CLI is built apart, as CommonJS: bin/whereami.cjs (the package's bin,
// from src/cli/bin.ts and main.ts: what --version needs) and dist/cli/app.cjs
// (everything else, the library included, loaded on the first command). A
// `whereami` process imports no library entry, so its own copy of the library shares no instance with
// anyone; and as CommonJS it never starts Node's ES module loader, which (with
// the file count) was most of what starting the command cost beyond
// `node -e 0`. Source maps point at src/ (node --enable-source-maps).
// Declarations come from tsc (emitDeclarationOnly), never from the bundler.
//
// Why esbuild: one dependency with no plugins needed, code splitting for ESM,
// and a build in well under a second; rolldown (already under vitest) is
// younger and its options move between releases; tsdown wraps rolldown and
// would also generate the types, which tsc must own here.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
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

/** The `whereami` command: bin/whereami.cjs is main, and loads app (see above). */
export const CLI_ENTRY_POINTS = { bin: 'src/cli/bin.ts', app: 'src/cli/app.ts' };
export const CLI_OUTFILES = { bin: 'bin/whereami.cjs', app: 'dist/cli/app.cjs' };
/** app.cjs as the bin reaches it. */
const APP_FROM_BIN = `./${relative(dirname(CLI_OUTFILES.bin), CLI_OUTFILES.app)}`;

rmSync(join(root, CLI_OUTFILES.bin), { force: true });
rmSync(join(root, `${CLI_OUTFILES.bin}.map`), { force: true });

rmSync(join(root, 'dist'), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  // The lowest Node in package.json's engines.
  target: 'node20.19',
  // Dependencies stay packages: users dedupe them, and node-gyp-build must find the package root.
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

const library = { ...common, format: 'esm', splitting: true, outdir: 'dist', outbase: 'src', chunkNames: 'chunks/[name]-[hash]' };

const cli = {
  ...common,
  format: 'cjs',
  // import() becomes a require() in a promise: no ES module loader at all.
  supported: { 'dynamic-import': false },
  // The sources' import.meta.url (createRequire, the package root), in CommonJS terms.
  // WHEREAMI_CLI_BUILD: main.ts loads app.cjs through the code cache (src/cli/load-app.ts),
  // from WHEREAMI_CLI_APP, its path from the bin's folder.
  // The URL is made on first use: building one at load cost every start about half a millisecond.
  define: {
    'import.meta.url': '__whereamiModule.url',
    'import.meta.dirname': '__dirname',
    WHEREAMI_CLI_BUILD: 'true',
    WHEREAMI_CLI_APP: JSON.stringify(APP_FROM_BIN),
  },
  banner: {
    js: 'const __whereamiModule = { get url() { return require("node:url").pathToFileURL(__filename).href; } };',
  },
};

/** load-app.ts's import('./app.js') (its branch for running from source) is never bundled into the bin. */
const appStaysApart = {
  name: 'cli-app-apart',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/app\.js$/ }, () => ({ path: APP_FROM_BIN, external: true }));
  },
};

await Promise.all([
  build({ ...library, entryPoints: ENTRY_POINTS }),
  build({
    ...cli,
    entryPoints: [CLI_ENTRY_POINTS.bin],
    outfile: CLI_OUTFILES.bin,
    plugins: [appStaysApart],
    banner: { js: `#!/usr/bin/env node\n${cli.banner.js}` },
  }),
  build({ ...cli, entryPoints: [CLI_ENTRY_POINTS.app], outfile: CLI_OUTFILES.app }),
]);

// The package's bin runs as a program in a checkout too (npm sets the mode in an install).
chmodSync(join(root, CLI_OUTFILES.bin), 0o755);

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(tsc.status ?? 1);
