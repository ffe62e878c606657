// Start-up in instructions, not time: each process runs under valgrind's
// callgrind, which counts the instructions it executes (every thread). A
// count does not move with a neighbour's load, so where the timed rows
// (cli-start, import-cost) wander by a few percent from run to run, these
// repeat to within a few tenths of a percent, and a change of 1% is seen.
//
// One thing made the raw count wander by ±5%: at start-up V8 picks a random
// hash seed and searches for a prime near it (`detail::sprp`, a Miller-Rabin
// test, called from HashSeed::InitializeRoots), which takes between 4 and 17
// million instructions depending on the number drawn. That search is taken
// out of every count (callgrind's output gives its own cost); fixing the seed
// instead (--hash-seed) would change V8's flags, and with them make V8 refuse
// both Node's built-in code cache and ours.
//
// Informational rows: the targets are the timed ones. Instructions are not
// time (a page fault or a read costs time and few instructions), but here
// the two ratios agree to about 0.02.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countInstructions, hasCallgrind, summarizeCounts } from './callgrind.mjs';
import { emit, scaled, skipped } from './harness.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = join(root, 'bin', 'whereami.cjs');
const node = process.execPath;

if (!hasCallgrind()) {
  emit([skipped('start-up instructions', 'valgrind (callgrind) not installed')]);
} else if (spawnSync(node, [bin, '--version']).status !== 0) {
  emit([skipped('start-up instructions', 'CLI not built (bin/whereami.cjs): npm run build')]);
} else {
  const runs = scaled(2, 1);
  const work = mkdtempSync(join(tmpdir(), 'whereami-bench-instructions-'));
  try {
    // The CLI's code cache in a folder of this run's own, made by one run before counting.
    const env = { XDG_CACHE_HOME: join(work, 'cache') };
    const floor = { argv: [node, '-e', '0'], cwd: root, env };
    const simulate = { argv: [node, bin, '--simulate', '52.52,13.405', '--json'], cwd: root, env };
    const version = { argv: [node, bin, '--version'], cwd: root, env };
    if (spawnSync(node, simulate.argv.slice(1), { cwd: root, env: { ...process.env, ...env } }).status !== 0) {
      throw new Error('whereami --simulate 52.52,13.405 --json failed');
    }
    const importOurs = { argv: [node, '--input-type=module', '-e', "import 'node-whereami'"], cwd: root, env };
    // An installed ES module package that exports nothing: what importing any package by name costs.
    const emptyProject = join(work, 'empty-project');
    const emptyPackage = join(emptyProject, 'node_modules', 'empty-esm-package');
    mkdirSync(emptyPackage, { recursive: true });
    writeFileSync(join(emptyPackage, 'package.json'), JSON.stringify({ name: 'empty-esm-package', type: 'module', exports: { '.': './index.js' } }));
    writeFileSync(join(emptyPackage, 'index.js'), 'export {};\n');
    const importEmpty = { argv: [node, '--input-type=module', '-e', "import 'empty-esm-package'"], cwd: emptyProject, env };

    // A person at a terminal: stdout and stderr on a pseudo-terminal (util-linux script), the text output.
    const hasScript = spawnSync('script', ['--version']).status === 0;
    const terminal = { argv: [node, bin, '--simulate', '52.52,13.405'], cwd: root, env, terminal: true };

    // Every command once per round, the rounds one after another.
    const commands = { floor, simulate, version, importOurs, importEmpty, ...(hasScript ? { terminal } : {}) };
    const counts = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    for (let round = 0; round < runs; round += 1) {
      for (const [name, command] of Object.entries(commands)) counts[name].push(await countInstructions(command, work));
    }
    const baseline = summarizeCounts(counts.floor);
    const against = (name) => {
      const subject = summarizeCounts(counts[name]);
      return { baseline, subject, ratio: subject.median / baseline.median, per: 'process', unit: 'instructions' };
    };
    const note = "instructions under callgrind, less V8 start-up's random hash-seed prime search; informational (the timed rows hold the targets)";
    const terminalName = 'CLI start on a terminal, instructions';
    emit([
      { bench: 'CLI start, instructions', subjectName: 'whereami --simulate 52.52,13.405 --json', baselineName: 'node -e 0', ...against('simulate'), note },
      hasScript
        ? { bench: terminalName, subjectName: 'whereami --simulate 52.52,13.405, on a pseudo-terminal', baselineName: 'node -e 0', ...against('terminal'), note }
        : skipped(terminalName, 'util-linux script (for a pseudo-terminal) not installed'),
      { bench: 'CLI --version, instructions', subjectName: 'whereami --version', baselineName: 'node -e 0', ...against('version'), note },
      {
        bench: 'import, instructions',
        subjectName: "node --input-type=module -e \"import 'node-whereami'\"",
        baselineName: 'node -e 0',
        ...against('importOurs'),
        note,
      },
      {
        bench: 'import of an empty package, instructions',
        subjectName: "node --input-type=module -e \"import 'empty-esm-package'\" (an installed ES module package exporting nothing)",
        baselineName: 'node -e 0',
        ...against('importEmpty'),
        note: `${note}; the floor under the import row: Node's ES module loader resolving, reading and linking one package`,
      },
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
