#!/usr/bin/env node
// Turns several `node bench/run.mjs --json FILE` runs into the Markdown table
// BENCHMARKS.md keeps: each row's ratio in every run, their spread
// ((largest − smallest) / smallest) and the verdict of each run, so a target
// is claimed only when every run met it. `node bench/compare-runs.mjs a.json b.json c.json`
import { readFileSync } from 'node:fs';
import { formatValue } from './harness.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/compare-runs.mjs run1.json [run2.json ...]');
  process.exit(2);
}
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));

const value = (row, side) => formatValue(row[side]?.median, row.unit);
const verdict = (row) => {
  if (row.pass !== undefined) return row.pass ? 'met' : 'MISSED';
  if (typeof row.target === 'number') return row.ratio <= row.target ? 'met' : 'MISSED';
  return '-';
};
const target = (row) => (row.target === undefined ? '' : typeof row.target === 'number' ? `≤ ${row.target}x` : String(row.target));

const names = [...new Set(runs.flatMap((run) => run.rows.map((row) => row.bench)))];
const lines = [
  `| bench | subject | baseline | subject median, runs ${files.map((_, i) => i + 1).join('/')} | baseline median | ratio | spread | target | verdicts |`,
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const name of names) {
  const rows = runs.map((run) => run.rows.find((row) => row.bench === name));
  const measured = rows.filter((row) => row && !row.skipped && !row.failed);
  if (measured.length === 0) {
    const why = rows.find((row) => row)?.skipped ?? rows.find((row) => row)?.failed ?? 'not run';
    lines.push(`| ${name} | | | skipped or failed: ${why} | | | | | |`);
    continue;
  }
  const first = measured[0];
  const ratios = measured.map((row) => row.ratio).filter(Number.isFinite);
  const spread = ratios.length > 1 ? `${Math.round(((Math.max(...ratios) - Math.min(...ratios)) / Math.min(...ratios)) * 100)}%` : '-';
  const each = (fn) => rows.map((row) => (row && !row.skipped && !row.failed ? fn(row) : 'n/a')).join(' / ');
  lines.push(
    `| ${name} | ${first.subjectName} | ${first.baselineName} | ${each((row) => value(row, 'subject'))} | ${each((row) => value(row, 'baseline'))} | ${each((row) => (Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}x` : '-'))} | ${spread} | ${target(first)} | ${each(verdict)} |`,
  );
}
console.log(`Runs: ${runs.map((run) => `${run.date} (${run.node})`).join('; ')}\n`);
console.log(lines.join('\n'));
