#!/usr/bin/env node
// npm run test:native:valgrind: runs test/native/fixtures/leak-load.mjs under
// valgrind with N and 10 N requests against the double build and compares
// the "definitely lost" bytes. GNUstep and libobjc lose a constant few KB at
// start-up; anything that grows with the number of requests fails.
//
//   node scripts/native/valgrind.mjs [N=100] [--addon=path]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100);
const addon = args.find((a) => a.startsWith('--addon='))?.slice(8) ?? join(root, 'build-double', 'gyp', 'whereami_double.node');
const dir = mkdtempSync(join(tmpdir(), 'whereami-valgrind-'));

function measure(count) {
  const log = join(dir, `valgrind-${count}.txt`);
  const started = Date.now();
  const result = spawnSync('valgrind', ['--leak-check=full', '--show-leak-kinds=definite', '--errors-for-leak-kinds=none',
    `--log-file=${log}`, process.execPath, join(root, 'test/native/fixtures/leak-load.mjs'), String(count)],
  { env: { ...process.env, WHEREAMI_DOUBLE_ADDON: addon }, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`the load under valgrind failed (${result.status}); see ${log}`);
  }
  const text = readFileSync(log, 'utf8');
  const lost = Number(/definitely lost: ([\d,]+) bytes/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
  const blocks = Number(/definitely lost: [\d,]+ bytes in ([\d,]+) blocks/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
  return { count, lost, blocks, seconds: Math.round((Date.now() - started) / 1000), log, counters: result.stdout.trim() };
}

const small = measure(n);
const large = measure(n * 10);
for (const r of [small, large]) {
  console.log(`${r.count} requests: definitely lost ${r.lost} bytes in ${r.blocks} blocks (${r.seconds} s, ${r.log})`);
}
// Allow a little noise from start-up (thread-local and class tables), not growth.
const grew = large.lost - small.lost > 1024;
console.log(grew ? 'FAIL: definitely-lost bytes grow with the number of requests' : 'OK: no leak that grows with the number of requests');
process.exit(grew ? 1 : 0);
