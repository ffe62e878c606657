// Importing the package in a fresh process, against `node -e 0`. The package
// must load no native code at import (the addon loads on first use), so the
// difference is our JavaScript alone. A second row separates the cost of
// Node's ESM loader itself, which any ESM package pays.
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

emit([
  {
    bench: 'import cost',
    subjectName: "node --input-type=module -e \"import 'node-whereami'\"",
    baselineName: 'node -e 0',
    ...againstNode,
    per: 'process',
    target: 1.2,
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
