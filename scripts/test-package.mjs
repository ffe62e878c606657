#!/usr/bin/env node
// npm run test:package (part of npm test): the package as users get it.
// `npm pack`, then install the tarball into empty projects in a temporary
// folder, as a user would, and check what they get:
//   1. npm's defaults (dependencies' install scripts blocked): the CLI, ESM
//      import and CommonJS require of every entry point, a TypeScript consumer
//      (moduleResolution node16 and bundler), `npm ls --omit=dev` free of build
//      tools, and on Linux with gio-2.0 getBackendInfo() naming the GeoClue
//      addon from the prebuild, with no compiler on PATH and nothing compiled;
//   2. the install script approved (npm install-scripts approve) and the
//      prebuild removed: the addon compiled at install is the one getBackendInfo() names;
// and the tarball holds no test code, no double, nothing from build-double/.
// Prints the tarball's size and file count. Exits non-zero on any failure.
//
//   --no-prebuild   use prebuilds/ as it is (release.yml brings every platform's)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'whereami-package-'));
let passed = 0;
let failed = 0;

// require() of an ES module works by default from Node 20.19 and 22.12 (the
// floors of package.json's engines), silently, except on 22.12.x: that
// release still calls it experimental in a warning, which 22.13 dropped.
const REQUIRE_ESM_WARNS = /^v22\.12\./.test(process.version);
const REQUIRE_ESM_NOTICE =
  /\(node:\d+\) ExperimentalWarning: CommonJS module .+ is loading ES Module .+ using require\(\)\.\nSupport for loading ES Module in require\(\) is an experimental feature and might change at any time\n\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)\n?/;

function check(name, fn) {
  try {
    fn();
    passed += 1;
    console.log(`  ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`  FAIL ${name}\n       ${String(error instanceof Error ? error.message : error).split('\n').join('\n       ')}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** The environment a user's shell would have: none of the npm_* variables `npm test` sets for us. */
function userEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

function run(command, args, { cwd, env = userEnv(), allowFail = false } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (!allowFail && result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${output.trim().split('\n').slice(-15).join('\n')}`);
  }
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', output };
}

const geoclue =
  process.platform === 'linux' &&
  run(process.execPath, [join(root, 'scripts/native/geoclue-config.mjs'), '--available'], { allowFail: true }).stdout.trim() === '1';

// --- the tarball ---------------------------------------------------------
if (!process.argv.includes('--no-prebuild') && (geoclue || process.platform === 'darwin')) {
  console.log('building this platform\'s prebuild (npm run prebuild:native) ...');
  run(process.execPath, [join(root, 'scripts/native/prebuild.mjs')], { cwd: root, env: process.env });
}
console.log('npm pack ...');
const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).stdout);
const tarball = join(work, packed.filename);
const files = packed.files.map((file) => file.path);
console.log(`tarball ${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked, ${files.length} files`);

console.log('the tarball');
check('holds no test code, no CoreLocation double, nothing from build-double/ or build/', () => {
  const bad = files.filter((path) =>
    /^(test|bench|build|build-double|build-e2e|coverage)\/|fake-corelocation|double|\.test\.|vitest/.test(path),
  );
  assert(bad.length === 0, `test-only files in the tarball: ${bad.join(', ')}`);
});
check('holds everything the install and the loader read', () => {
  for (const path of ['binding.gyp', 'CMakeLists.txt', 'native/linux/geoclue.cmake', 'scripts/native/install.mjs',
    'scripts/native/build-errors.mjs', 'scripts/native/geoclue-config.mjs', 'scripts/native/node-headers.mjs', 'bin/whereami.cjs', 'dist/index.js',
    'dist/geolocation/index.js', 'dist/testing/index.js', 'dist/serve/index.js', 'dist/cli/app.cjs', 'dist/index.d.ts']) {
    assert(files.includes(path), `${path} is missing`);
  }
  const gyp = readFileSync(join(root, 'binding.gyp'), 'utf8').replace(/^\s*#.*$/gm, '');
  for (const [, path] of gyp.matchAll(/'((?:native|scripts|test)\/[^'<>]+)'/g)) {
    assert(files.includes(path), `binding.gyp names ${path}, which is not in the tarball`);
  }
});
if (geoclue) {
  check(`holds the ${`linux-${process.arch}`} prebuild`, () => {
    assert(files.some((path) => path.startsWith(`prebuilds/linux-${process.arch}/`) && path.endsWith('.node')), 'no prebuild');
  });
}

// --- a user's project ----------------------------------------------------
function project(name) {
  const dir = join(work, name);
  mkdirSync(dir);
  run('npm', ['init', '-y'], { cwd: dir });
  return dir;
}

/** A PATH with node and npm but no cc, c++, make: nothing can be compiled. */
function pathWithoutCompiler() {
  const bin = join(work, 'bin-no-compiler');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['node', 'npm', 'npx']) {
    const found = run('sh', ['-c', `command -v ${tool}`], { allowFail: true }).stdout.trim();
    if (found && !existsSync(join(bin, tool))) symlinkSync(found, join(bin, tool));
  }
  for (const tool of ['cc', 'c++', 'make', 'gcc', 'g++']) {
    assert(run('sh', ['-c', `PATH=${bin} command -v ${tool}`], { allowFail: true }).status !== 0, `${tool} still on PATH`);
  }
  return bin;
}

const ENTRIES = {
  'node-whereami': 'getLocation',
  'node-whereami/geolocation': 'install',
  'node-whereami/testing': 'installScriptedLocation',
  'node-whereami/serve': 'LocationServer',
};

function backendInfo(dir, env) {
  const script = "import { getBackendInfo } from 'node-whereami'; console.log(JSON.stringify(await getBackendInfo()))";
  const result = run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env, allowFail: true });
  assert(result.status === 0, `getBackendInfo() failed:\n${result.output.trim()}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

console.log('a project with npm\'s defaults (install scripts blocked)');
const plain = project('defaults');
let installLog = '';
check('npm install <tarball> succeeds', () => {
  installLog = run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: plain }).output;
});
check('npm blocked the install script, so nothing was compiled', () => {
  assert(/install scripts not yet covered|allowScripts|install-scripts/i.test(installLog), `npm did not mention blocked scripts:\n${installLog}`);
  assert(!existsSync(join(plain, 'node_modules/node-whereami/build')), 'node_modules/node-whereami/build exists');
});
check('npx whereami --simulate 52.52,13.405 --json prints the fix', () => {
  const out = run('npx', ['--no-install', 'whereami', '--simulate', '52.52,13.405', '--json'], { cwd: plain }).stdout;
  const fix = JSON.parse(out);
  assert(fix.latitude === 52.52 && fix.longitude === 13.405, `unexpected fix ${out}`);
});
for (const [entry, name] of Object.entries(ENTRIES)) {
  check(`ESM import of ${entry}`, () => {
    const script = `const m = await import(${JSON.stringify(entry)}); if (typeof m.${name} !== 'function') throw new Error('no ${name}');`;
    run(process.execPath, ['--input-type=module', '-e', script], { cwd: plain });
  });
  check(`CommonJS require of ${entry}`, () => {
    const script = `const m = require(${JSON.stringify(entry)}); if (typeof m.${name} !== 'function') throw new Error('no ${name}');`;
    const result = run(process.execPath, ['-e', script], { cwd: plain });
    let stderr = result.stderr;
    if (REQUIRE_ESM_WARNS) {
      // Node's own notice, and nothing else of ours, on the one release line that gives it.
      assert(REQUIRE_ESM_NOTICE.test(stderr), `expected Node ${process.version}'s require(esm) notice, got: ${stderr.trim() || '(nothing)'}`);
      stderr = stderr.replace(REQUIRE_ESM_NOTICE, '');
    }
    assert(!/ExperimentalWarning/.test(stderr), `require(esm) warned: ${stderr.trim()}`);
  });
}
for (const resolution of ['node16', 'bundler']) {
  check(`a TypeScript consumer type-checks with moduleResolution ${resolution}`, () => {
    const dir = join(plain, `ts-${resolution}`);
    mkdirSync(dir);
    const lines = Object.entries(ENTRIES).map(([entry, name], i) => `import { ${name} as f${i} } from '${entry}';`);
    writeFileSync(join(dir, 'consumer.mts'), `${lines.join('\n')}\nexport const all: Function[] = [f0, f1, f2];\n`);
    // As a user's project would be: ES2022, Node's types (the package's declarations use NodeJS.*).
    const options = {
      strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022'],
      types: ['node'], typeRoots: [join(root, 'node_modules/@types')],
      module: resolution === 'node16' ? 'node16' : 'esnext', moduleResolution: resolution,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['consumer.mts'] }));
    const tsc = require.resolve('typescript/bin/tsc');
    const result = run(process.execPath, [tsc, '-p', dir], { cwd: dir, allowFail: true });
    assert(result.status === 0, result.output.trim());
  });
}
check('npm ls --omit=dev lists no build tool', () => {
  const tree = run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: plain }).stdout;
  const tools = ['cmake-js', 'node-gyp', 'prebuildify', 'esbuild', 'typescript'];
  const found = tools.filter((tool) => tree.split('\n').some((line) => line.endsWith(`/node_modules/${tool}`)));
  assert(found.length === 0, `build tools installed: ${found.join(', ')}`);
});
if (geoclue) {
  check('getBackendInfo() names the GeoClue addon from the prebuild, with no compiler on PATH', () => {
    const info = backendInfo(plain, userEnv({ PATH: pathWithoutCompiler() }));
    assert(info.provider === 'geoclue', `provider ${info.provider}`);
    assert(/prebuilds\/linux-/.test(info.detail ?? ''), `not the prebuild: ${info.detail}`);
  });
}

console.log('a project that approved the install script');
const approved = project('approved');
check('npm install <tarball>, then npm install-scripts approve node-whereami', () => {
  run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: approved });
  run('npm', ['install-scripts', 'approve', 'node-whereami'], { cwd: approved });
  const manifest = readFileSync(join(approved, 'package.json'), 'utf8');
  assert(manifest.includes('node-whereami'), 'no approval recorded');
});
if (geoclue) {
  check('with a prebuild that loads, the install script compiles nothing', () => {
    const out = run('npm', ['rebuild', 'node-whereami', '--foreground-scripts'], { cwd: approved }).output;
    assert(/using the prebuilt addon/.test(out), `the install script did not say it used the prebuild:\n${out}`);
    assert(!existsSync(join(approved, 'node_modules/node-whereami/build')), 'it compiled anyway');
  });
  check('without the prebuild, the approved install script compiles the addon and getBackendInfo() names it', () => {
    rmSync(join(approved, 'node_modules/node-whereami/prebuilds'), { recursive: true, force: true });
    const out = run('npm', ['rebuild', 'node-whereami', '--foreground-scripts'], { cwd: approved }).output;
    assert(!/did not build/.test(out), out);
    const info = backendInfo(approved, userEnv());
    assert(info.provider === 'geoclue', `provider ${info.provider}`);
    assert(/build\/Release\/whereami\.node/.test(info.detail ?? ''), `not the local build: ${info.detail}`);
  });
}

rmSync(work, { recursive: true, force: true });
console.log(`\npackage test: ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
