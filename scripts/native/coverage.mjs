#!/usr/bin/env node
// npm run coverage:native: builds the double variant with clang's
// source-based coverage (-fprofile-instr-generate -fcoverage-mapping) on
// native/darwin, runs test/native against it, and prints the line coverage
// of native/darwin (llvm-profdata + llvm-cov). Child processes (workers,
// exit tests) write their own profiles too (%p), all merged.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'build-double', 'gyp-coverage');
const profiles = join(root, 'build-double', 'coverage-profiles');

function tool(name) {
  for (const candidate of [name, `${name}-14`, `${name}-15`, `${name}-16`]) {
    if (spawnSync('sh', ['-c', `command -v ${candidate}`], { stdio: 'ignore' }).status === 0) return candidate;
  }
  console.error(`coverage:native needs ${name} (apt-get install llvm)`);
  process.exit(1);
}

function run(command, args, env = {}, allowFailure = false) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0 && !allowFailure) process.exit(result.status ?? 1);
  return result.status;
}

const profdata = tool('llvm-profdata');
const cov = tool('llvm-cov');
run(process.execPath, [join(root, 'scripts/native/build-double.mjs'), 'gyp', '--coverage']);
rmSync(profiles, { recursive: true, force: true });
mkdirSync(profiles, { recursive: true });
const addon = join(outDir, 'whereami_double.node');
const status = run(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/native/vitest.config.ts'],
  { WHEREAMI_DOUBLE_ADDON: addon, LLVM_PROFILE_FILE: join(profiles, 'whereami-%p.profraw') },
  true,
);
const raws = readdirSync(profiles).filter((f) => f.endsWith('.profraw')).map((f) => join(profiles, f));
const merged = join(profiles, 'merged.profdata');
run(profdata, ['merge', '-sparse', '-o', merged, ...raws]);
const sources = readdirSync(join(root, 'native/darwin'))
  .filter((f) => f.endsWith('.mm'))
  .map((f) => join(root, 'native/darwin', f));
console.log(`\nLine coverage of native/darwin from ${raws.length} profiles (test run exit ${status}):\n`);
run(cov, ['report', addon, `-instr-profile=${merged}`, ...sources]);
if (process.argv.includes('--show-missing')) {
  run(cov, ['show', addon, `-instr-profile=${merged}`, '-show-line-counts-or-regions', '-format=text',
    '-line-coverage-lt=100', ...sources]);
}
// --min-lines=N (CI: 90): fail below N% line coverage of native/darwin.
const minArg = process.argv.find((a) => a.startsWith('--min-lines='));
if (minArg) {
  const min = Number(minArg.slice('--min-lines='.length));
  const exported = spawnSync(cov, ['export', addon, `-instr-profile=${merged}`, '-summary-only', ...sources], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = exported.status === 0 ? JSON.parse(exported.stdout).data?.[0]?.totals?.lines : undefined;
  if (!lines || !Number.isFinite(min)) {
    console.error(`coverage:native: could not read the line totals (llvm-cov export exit ${exported.status}): ${exported.stderr}`);
    process.exit(1);
  }
  const verdict = lines.percent >= min ? 'at or above' : 'BELOW';
  console.log(`\nnative/darwin line coverage: ${lines.percent.toFixed(2)}% (${lines.covered}/${lines.count} lines), ${verdict} the ${min}% floor`);
  if (lines.percent < min) process.exit(1);
}
process.exit(status ?? 1);
