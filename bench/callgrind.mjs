// Counting a process's instructions under valgrind's callgrind, for the
// benches that report start-up in instructions (start-instructions.mjs,
// geoclue-peer.mjs). Why instructions, and why V8's hash-seed prime search is
// taken out of each count: start-instructions.mjs says.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './harness.mjs';

/** Whether valgrind (with callgrind) can run here. */
export function hasCallgrind() {
  return spawnSync('valgrind', ['--version']).status === 0;
}

/** A bench row's side from several counts of one command. */
export function summarizeCounts(counts) {
  return { median: median(counts), p95: Math.max(...counts), samples: counts.length };
}

/**
 * The program's total and the self cost of functions whose names match, from
 * a callgrind output file (its own format: `fn=` opens a function, a line of
 * numbers is a cost, the line after `calls=` is a callee's inclusive cost and
 * not the caller's own; a name is given once, with its number, in `fn=` or
 * `cfn=`, and by the number alone after). Read here because callgrind_annotate takes seconds.
 */
function readCallgrind(file, namePattern) {
  let total;
  let matched = 0;
  let inMatched = false;
  let skipNext = false;
  const names = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('totals:') || line.startsWith('summary:')) {
      total ??= Number(line.split(/\s+/)[1]);
    } else if (line.startsWith('fn=')) {
      const match = /^fn=(?:\((\d+)\))?\s*(.*)$/.exec(line);
      const id = match?.[1];
      const given = match?.[2] ?? '';
      if (id !== undefined && given !== '') names.set(id, given);
      inMatched = namePattern.test(given !== '' ? given : (names.get(id) ?? ''));
    } else if (line.startsWith('cfn=')) {
      // A callee's name may be given here first, and only its number after.
      const match = /^cfn=\((\d+)\)\s*(.+)$/.exec(line);
      if (match?.[1] !== undefined && match[2] !== undefined) names.set(match[1], match[2]);
    } else if (line.startsWith('calls=')) {
      skipNext = true;
    } else if (/^[+\-*\d]/.test(line)) {
      if (skipNext) skipNext = false;
      else if (inMatched) matched += Number(line.trim().split(/\s+/).pop());
    }
  }
  return { total, matched };
}

/**
 * Instructions one run of the command executes, less V8's hash-seed prime
 * search (a program without V8 has none to take out). Asynchronous, so that
 * a bench serving the command from this process (the GeoClue stack's fake
 * GPS) keeps serving while it runs. `stopAt`: for a command that would run
 * on (where-am-i prints every fix until its -t), the stdout text at which it
 * is sent SIGTERM; callgrind still writes its count when the program dies
 * of the signal, and that end counts as success. The program then runs
 * under `stdbuf -oL` (coreutils), or C's stdio would hold that text in its
 * buffer until the program exits of itself. `terminal`: stdout and stderr
 * on a pseudo-terminal, made by util-linux `script`.
 */
export async function countInstructions({ argv, cwd, env, stopAt, terminal }, work) {
  const out = join(work, 'callgrind.out');
  const { status, stopped, stderr } = await new Promise((resolve, reject) => {
    const callgrind = ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, '--log-file=/dev/null', ...argv];
    const direct = stopAt ? ['stdbuf', '-oL', ...callgrind] : callgrind;
    const quoted = (word) => `'${word.replaceAll("'", "'\\''")}'`;
    const command = terminal ? ['script', '-qec', direct.map(quoted).join(' '), '/dev/null'] : direct;
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let printed = '';
    let sentStop = false;
    child.stderr.on('data', (chunk) => (text += chunk));
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      if (stopAt && !sentStop && stopAt.test(printed)) {
        sentStop = true;
        child.kill('SIGTERM');
      }
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ status: code, stopped: sentStop && signal === 'SIGTERM', stderr: text || printed }));
  });
  if (status !== 0 && !stopped) throw new Error(`${argv.join(' ')} under callgrind failed (status ${String(status)}): ${stderr.trim()}`);
  const { total, matched } = readCallgrind(out, /^detail::sprp\(/);
  rmSync(out, { force: true });
  if (!Number.isFinite(total)) throw new Error(`no total in callgrind's output for ${argv.join(' ')}`);
  return total - matched;
}
