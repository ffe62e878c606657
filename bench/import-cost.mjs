// Importing the package in a fresh process, against `node -e 0`. The package
// must load no native code at import (the addon loads on first use), so the
// difference is our JavaScript alone. A second row separates the cost of
// importing any ES module package by name (Node's ESM loader resolving,
// reading and linking a file), which the first row's target does not excuse.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCommands, emit, scaled } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const node = process.execPath;
const runs = scaled(30, 6);
const floor = { argv: [node, '-e', '0'] };
const importPlain = { argv: [node, '--input-type=module', '-e', "import 'node-whereami'"] };

/** An installed ES module package that exports nothing: what importing any package by name costs. */
function emptyPackageProject() {
  const project = mkdtempSync(join(tmpdir(), 'whereami-import-floor-'));
  const pkg = join(project, 'node_modules', 'empty-esm-package');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'empty-esm-package', type: 'module', exports: { '.': './index.js' } }));
  writeFileSync(join(pkg, 'index.js'), 'export {};\n');
  return project;
}
const floorProject = emptyPackageProject();
const emptyPackage = { argv: [node, '--input-type=module', '-e', "import 'empty-esm-package'"] };

let againstNode;
let againstEsm;
try {
  againstNode = compareCommands({ baseline: floor, subject: importPlain, runs, cwd: root });
  againstEsm = compareCommands({ baseline: { ...emptyPackage, cwd: floorProject }, subject: importPlain, runs, cwd: root });
} finally {
  rmSync(floorProject, { recursive: true, force: true });
}

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
    bench: 'import cost over an empty package',
    subjectName: "node --input-type=module -e \"import 'node-whereami'\"",
    baselineName: "node --input-type=module -e \"import 'empty-esm-package'\"",
    ...againstEsm,
    per: 'process',
    note: 'informational: what the package adds over importing an installed ES module package that exports nothing',
  },
]);
