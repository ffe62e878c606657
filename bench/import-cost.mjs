// Importing the package in a fresh process, against `node -e 0`. The package
// must load no native code at import (the addon loads on first use), so the
// difference is our JavaScript alone. A second row separates the cost of
// Node's ESM loader itself, which any ESM package pays.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compareCommands, emit, scaled } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const node = process.execPath;
const runs = scaled(30, 6);
const floor = { argv: [node, '-e', '0'] };
const esmFloor = { argv: [node, '--input-type=module', '-e', ''] };
const importPlain = { argv: [node, '--input-type=module', '-e', "import 'node-whereami'"] };

const againstNode = compareCommands({ baseline: floor, subject: importPlain, runs, cwd: root });
const againstEsm = compareCommands({ baseline: esmFloor, subject: importPlain, runs, cwd: root });

// Which native libraries the import mapped (Linux: /proc/self/maps): none of ours may be there.
const mapped = spawnSync(
  node,
  [
    '--input-type=module',
    '-e',
    "import 'node-whereami'; import { readFileSync } from 'node:fs'; const maps = process.platform === 'linux' ? readFileSync('/proc/self/maps', 'utf8') : ''; console.log(JSON.stringify([...new Set(maps.split('\\n').map((l) => l.split(/\\s+/)[5] ?? '').filter((p) => p.endsWith('.node')))]))",
  ],
  { cwd: root, encoding: 'utf8' },
);
const addons = mapped.status === 0 ? JSON.parse(mapped.stdout.trim()) : [`(check failed: ${mapped.stderr.trim()})`];
const native = process.platform !== 'linux' ? 'not checked off Linux' : addons.length === 0 ? 'no native code loaded at import' : `native code loaded at import: ${addons.join(', ')}`;

emit([
  {
    bench: 'import cost',
    subjectName: "node --input-type=module -e \"import 'node-whereami'\"",
    baselineName: 'node -e 0',
    ...againstNode,
    per: 'process',
    target: 1.2,
    note: native,
  },
  {
    bench: 'import cost, ESM loader excluded',
    subjectName: "node --input-type=module -e \"import 'node-whereami'\"",
    baselineName: 'node --input-type=module -e ""',
    ...againstEsm,
    per: 'process',
    note: 'informational: what the package adds over an empty ES module',
  },
]);
