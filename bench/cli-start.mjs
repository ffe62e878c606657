// `whereami` cold start, process spawn to exit, against `node -e 0`. Node is
// started directly (not through the #! line) so both sides pay the same exec.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCommands, emit, scaled, skipped } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/whereami.cjs', import.meta.url));
const node = process.execPath;

if (!existsSync(bin) || !existsSync(new URL('../dist/cli/app.cjs', import.meta.url))) {
  emit([skipped('CLI cold start', 'CLI not built (bin/whereami.cjs or dist/cli/app.cjs missing): npm run build')]);
} else {
  const runs = scaled(30, 6);
  const floor = { argv: [node, '-e', '0'] };
  const simulate = {
    argv: [node, bin, '--simulate', '52.52,13.405', '--json'],
    expect: (stdout) => JSON.parse(stdout).latitude === 52.52,
  };
  const version = { argv: [node, bin, '--version'], expect: (stdout) => /^\d+\.\d+\.\d+/.test(stdout.trim()) };
  // The code cache (src/cli/code-cache.ts) in a folder of this run's own: the first warm-up run makes it.
  const cacheHome = mkdtempSync(join(tmpdir(), 'whereami-bench-cache-'));
  const env = { XDG_CACHE_HOME: cacheHome };
  const uncached = { ...simulate, env: { NODE_DISABLE_COMPILE_CACHE: '1' } };
  let located;
  let versioned;
  let firstRun;
  try {
    located = compareCommands({ baseline: floor, subject: simulate, runs, cwd: root, env });
    versioned = compareCommands({ baseline: floor, subject: version, runs, cwd: root, env });
    firstRun = compareCommands({ baseline: floor, subject: uncached, runs, cwd: root, env });
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
  emit([
    {
      bench: 'CLI cold start, --simulate --json',
      subjectName: 'whereami --simulate 52.52,13.405 --json',
      baselineName: 'node -e 0',
      ...located,
      per: 'process',
      target: 1.3,
    },
    {
      bench: 'CLI cold start, no code cache',
      subjectName: 'NODE_DISABLE_COMPILE_CACHE=1 whereami --simulate 52.52,13.405 --json',
      baselineName: 'node -e 0',
      ...firstRun,
      per: 'process',
      note: 'informational: a first run after install, before the code cache exists (less the cache write)',
    },
    {
      bench: 'CLI cold start, --version',
      subjectName: 'whereami --version',
      baselineName: 'node -e 0',
      ...versioned,
      per: 'process',
      target: 1.3,
    },
  ]);
}
