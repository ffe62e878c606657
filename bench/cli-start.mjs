// `whereami` cold start, process spawn to exit, against `node -e 0`. Node is
// started directly (not through the #! line) so both sides pay the same exec.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareCommands, emit, scaled, skipped } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/whereami.cjs', import.meta.url));
const node = process.execPath;

if (!existsSync(bin) || !existsSync(new URL('../dist/cli/main.cjs', import.meta.url))) {
  emit([skipped('CLI cold start', 'CLI not built (bin/whereami.cjs or dist/cli/main.cjs missing)')]);
} else {
  const runs = scaled(30, 6);
  const floor = { argv: [node, '-e', '0'] };
  const simulate = {
    argv: [node, bin, '--simulate', '52.52,13.405', '--json'],
    expect: (stdout) => JSON.parse(stdout).latitude === 52.52,
  };
  const version = { argv: [node, bin, '--version'], expect: (stdout) => /^\d+\.\d+\.\d+/.test(stdout.trim()) };
  const located = compareCommands({ baseline: floor, subject: simulate, runs, cwd: root });
  const versioned = compareCommands({ baseline: floor, subject: version, runs, cwd: root });
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
      bench: 'CLI cold start, --version',
      subjectName: 'whereami --version',
      baselineName: 'node -e 0',
      ...versioned,
      per: 'process',
      target: 1.3,
    },
  ]);
}
