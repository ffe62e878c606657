#!/usr/bin/env node
// Runs every bench in its own fresh process (so one bench's garbage, JIT
// state or timers never colour the next) and prints one table: median and
// p95 of subject and baseline, and their ratio, each pair measured in the
// same run. `node bench/run.mjs [name ...] [--json file]`; BENCH_QUICK=1 for
// a quick look with fewer samples.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { environmentNote, formatValue as format } from './harness.mjs';

const BENCHES = [
  'bridge-overhead',
  'helper',
  'cache-hit',
  'coalescing',
  'watch-throughput',
  'cli-start',
  'import-cost',
  'start-instructions',
  'memory',
  'geoclue-peer',
  'serve-fanout',
];

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const unknown = args.filter((name) => !BENCHES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  process.exit(2);
}
const chosen = args.length > 0 ? args : BENCHES;

function verdict(row) {
  if (row.pass !== undefined) return row.pass ? 'met' : 'MISSED';
  if (typeof row.target === 'number') return row.ratio <= row.target ? 'met' : 'MISSED';
  return '';
}

const rows = [];
let failed = false;
for (const name of chosen) {
  const file = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  process.stderr.write(`running ${name} ...\n`);
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = result.stdout.trim().split('\n').pop();
  if (result.status !== 0 || !line) {
    failed = true;
    rows.push({ bench: name, failed: `exited with ${String(result.status ?? result.signal)}` });
    continue;
  }
  rows.push(...JSON.parse(line));
}

const header = ['bench', 'subject median', 'subject p95', 'baseline median', 'baseline p95', 'ratio', 'target', ''];
const table = [header];
for (const row of rows) {
  if (row.skipped || row.failed) {
    table.push([row.bench, row.skipped ? `skipped: ${row.skipped}` : `FAILED: ${row.failed}`]);
    continue;
  }
  table.push([
    row.bench,
    format(row.subject.median, row.unit),
    format(row.subject.p95, row.unit),
    format(row.baseline.median, row.unit),
    format(row.baseline.p95, row.unit),
    Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}x` : '-',
    row.target === undefined ? '' : typeof row.target === 'number' ? `<= ${row.target}x` : row.target,
    verdict(row),
  ]);
}
const widths = header.map((_, i) => Math.max(...table.filter((r) => r.length > 2).map((r) => String(r[i] ?? '').length)));
const print = (cells) =>
  cells.length <= 2
    ? `${cells[0].padEnd(widths[0])}  ${cells[1]}`
    : cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
console.log(`node ${process.version}, ${process.platform} ${process.arch}, ${new Date().toISOString()}`);
if (environmentNote) console.log(environmentNote);
console.log(print(table[0]));
for (const cells of table.slice(1)) console.log(print(cells));
console.log('');
for (const row of rows) {
  if (row.skipped || row.failed) continue;
  console.log(`${row.bench}: ${row.subjectName} vs ${row.baselineName}, per ${row.per}${row.note ? `; ${row.note}` : ''}`);
}
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), environment: environmentNote, rows }, null, 2)}\n`);
// CI (WHEREAMI_REQUIRE_ALL=1) runs every bench as a smoke test: a skipped one fails it; a missed target does not.
const skipped = rows.filter((row) => row.skipped);
if (process.env.WHEREAMI_REQUIRE_ALL === '1' && skipped.length > 0) {
  console.error(`WHEREAMI_REQUIRE_ALL=1: ${skipped.map((row) => row.bench).join(', ')} skipped`);
  failed = true;
}
process.exit(failed ? 1 : 0);
