#!/usr/bin/env node
// npm run coverage:native:linux [-- --min-lines=N] [--show-missing] [vitest filters...]
//
// Line coverage of native/linux (the GeoClue2 provider) from the e2e run:
// builds the GeoClue addon with clang's source-based coverage into
// build-coverage/linux (cmake-js on test/e2e/instrumented/CMakeLists.txt; never
// build/, which the package's loader and the other scripts use), runs the e2e
// suite (test/e2e, the private bus and GeoClue daemon) with
// WHEREAMI_ADDON_PATH pointing at it, merges the profiles and prints the
// line coverage of native/linux per file and in total. The suite's own C++
// tools that compile native/linux without Node (the standalone driver and
// the mapping checks, test/e2e/harness/native-tools.ts) are built
// instrumented too (WHEREAMI_E2E_COVERAGE_DIR) and count with the addon.
//
// clang rather than gcc --coverage: every process writes its own profile
// (LLVM_PROFILE_FILE with %p: the vitest forks, the `whereami` commands the
// tests spawn), merged afterwards, where gcov would have them all update the
// same .gcda files beside the objects; it is the toolchain coverage:native
// already uses (llvm-profdata, llvm-cov); and its continuous mode (%c) keeps
// the counts of a process that is killed instead of exiting: vitest ends its
// forks with SIGTERM, and without it the in-process tests' counts were lost.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const buildDir = join(root, 'build-coverage', 'linux');
const addon = join(buildDir, 'Release', 'whereami.node');
const toolsDir = join(root, 'build-coverage', 'linux-tools');
const profiles = join(root, 'build-coverage', 'linux-profiles');
const measured = join(root, 'native', 'linux');

const args = process.argv.slice(2);
const minArg = args.find((a) => a.startsWith('--min-lines='));
const min = minArg === undefined ? undefined : Number(minArg.slice('--min-lines='.length));
if (min !== undefined && !(Number.isFinite(min) && min >= 0 && min <= 100)) {
  console.error(`coverage:native:linux: --min-lines wants a percentage from 0 to 100, got ${JSON.stringify(minArg)}`);
  process.exit(2);
}
const unknown = args.filter((a) => a.startsWith('--') && a !== '--show-missing' && a !== minArg);
if (unknown.length > 0) {
  console.error(`coverage:native:linux: unknown option ${unknown.join(', ')} (--min-lines=N, --show-missing)`);
  process.exit(2);
}
// Anything else narrows the e2e run to those files, as vitest's own filters do.
const filters = args.filter((a) => !a.startsWith('--'));

function tool(name) {
  for (const candidate of [name, `${name}-14`, `${name}-15`, `${name}-16`]) {
    if (spawnSync('sh', ['-c', `command -v ${candidate}`], { stdio: 'ignore' }).status === 0) return candidate;
  }
  console.error(`coverage:native:linux needs ${name} (apt-get install llvm clang libclang-rt-14-dev)`);
  process.exit(1);
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) {
    console.error(`coverage:native:linux: could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

function mustRun(command, commandArgs, env = {}) {
  const status = run(command, commandArgs, env);
  if (status !== 0) process.exit(status);
}

const profdata = tool('llvm-profdata');
const cov = tool('llvm-cov');
tool('clang++');

// The Node headers in /usr/include/node when they match this Node, so nothing is downloaded.
const nodedir = existsSync('/usr/include/node/node_version.h') ? { npm_config_nodedir: '/usr' } : {};
console.log('::: building the instrumented GeoClue addon');
mustRun(
  process.execPath,
  [require.resolve('cmake-js/bin/cmake-js'), 'build', '--directory', join(root, 'test', 'e2e', 'instrumented'),
    '--out', buildDir, '--target', 'whereami', '--parallel', '2'],
  nodedir,
);

rmSync(profiles, { recursive: true, force: true });
mkdirSync(profiles, { recursive: true });
console.log(`::: the e2e suite against ${relative(root, addon)}`);
const testStatus = run(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/e2e/vitest.config.ts', ...filters],
  {
    WHEREAMI_ADDON_PATH: addon,
    WHEREAMI_E2E_COVERAGE_DIR: toolsDir,
    LLVM_PROFILE_FILE: join(profiles, 'whereami-%c%p.profraw'),
  },
);

const raws = readdirSync(profiles).filter((f) => f.endsWith('.profraw')).map((f) => join(profiles, f));
if (raws.length === 0) {
  console.error('coverage:native:linux: no process wrote a profile: did the e2e suite load the addon at all?');
  process.exit(1);
}
// An empty profile is a process that loaded the addon and never wrote its
// counters: what it ran is missing from the figure, so say so.
const empty = raws.filter((path) => statSync(path).size === 0);
if (empty.length > 0) {
  console.warn(`coverage:native:linux: ${empty.length} process(es) loaded the addon but wrote no counters`);
}
const merged = join(profiles, 'merged.profdata');
mustRun(profdata, ['merge', '-sparse', '-o', merged, ...raws]);

// The tools a filtered run never built are left out; the addon always counts.
// The merged profile is keyed by function, not by binary: a function the
// addon and the driver share counts as run if either ran it.
const tools = ['gc_driver', 'gc_mapping_test'].map((name) => join(toolsDir, name)).filter((path) => existsSync(path));
const objects = [addon, ...tools.map((path) => `-object=${path}`)];

/** Line counts of each native/linux file, from llvm-cov's summary of these binaries. */
function linuxLines(binaries) {
  const exported = spawnSync(cov, ['export', ...binaries, `-instr-profile=${merged}`, '-summary-only'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = exported.status === 0 ? JSON.parse(exported.stdout).data?.[0]?.files : undefined;
  if (!Array.isArray(files)) {
    console.error(`coverage:native:linux: could not read llvm-cov's summary (exit ${exported.status}): ${exported.stderr}`);
    process.exit(1);
  }
  return files
    .filter((file) => resolve(file.filename).startsWith(`${measured}/`))
    .map((file) => ({ name: relative(root, file.filename), lines: file.summary.lines }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
const sum = (files) => ({
  covered: files.reduce((total, file) => total + file.lines.covered, 0),
  count: files.reduce((total, file) => total + file.lines.count, 0),
});
const linux = linuxLines(objects);
const onDisk = readdirSync(measured).filter((f) => f.endsWith('.cc'));
const absent = onDisk.filter((f) => !linux.some((file) => file.name === `native/linux/${f}`));
if (absent.length > 0) {
  // A source the addon does not build would otherwise drop out of the figure unseen.
  console.error(`coverage:native:linux: not in the instrumented addon: ${absent.join(', ')}`);
  process.exit(1);
}

const percent = (covered, count) => (count === 0 ? 100 : (100 * covered) / count);
const width = Math.max(...linux.map((file) => file.name.length), 'TOTAL'.length);
const row = (name, covered, count) =>
  `${name.padEnd(width)}  ${String(count).padStart(6)}  ${String(count - covered).padStart(6)}  ${percent(covered, count).toFixed(2).padStart(7)}%`;
const counted = ['the addon', ...tools.map((path) => relative(root, path))].join(', ');
console.log(`\nLine coverage of native/linux from the e2e run (${counted}; ${raws.length} profiles, e2e exit ${testStatus}):\n`);
console.log(`${'File'.padEnd(width)}  ${'Lines'.padStart(6)}  ${'Missed'.padStart(6)}  ${'Cover'.padStart(8)}`);
for (const file of linux) console.log(row(file.name, file.lines.covered, file.lines.count));
const { covered, count } = sum(linux);
console.log(row('TOTAL', covered, count));

if (args.includes('--show-missing')) {
  mustRun(cov, ['show', ...objects, `-instr-profile=${merged}`, '-show-line-counts-or-regions', '-format=text',
    '-line-coverage-lt=100', ...linux.map((file) => join(root, file.name))]);
}

if (min !== undefined) {
  const total = percent(covered, count);
  const verdict = total >= min ? 'at or above' : 'BELOW';
  console.log(`\nnative/linux line coverage: ${total.toFixed(2)}% (${covered}/${count} lines), ${verdict} the ${min}% floor`);
  if (total < min) process.exit(1);
}
process.exit(testStatus);
