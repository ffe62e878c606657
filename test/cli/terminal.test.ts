/**
 * The command in a real pseudo-terminal (util-linux `script`): it answers in
 * colour, as a terminal should get it, and writes without Node's TTY stream,
 * whose `tty` module loads `net` and the stream library (17 million
 * instructions of a start that is otherwise about 102 million).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from './helpers.js';

const preload = new URL('./fixtures/report-modules.cjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'whereami-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `node --require report-modules.cjs <args>` with stdout and stderr on a pseudo-terminal. */
function inTerminal(name: string, args: string[]): { status: number | null; output: string; loaded: string[] } {
  const report = join(dir, `${name}.json`);
  const command = [process.execPath, '--require', preload, ...args].map((word) => `'${word}'`).join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: cleanEnv({ TERM: 'xterm', WHEREAMI_TEST_MODULE_REPORT: report }),
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout, loaded: JSON.parse(readFileSync(report, 'utf8')) as string[] };
}

describe('the command on a terminal', () => {
  it('answers in colour without loading tty or net', () => {
    const run = inTerminal('fix', [BIN, '--simulate', '52.52,13.405']);
    expect(run.status).toBe(0);
    expect(run.output).toContain('52.520000, 13.405000');
    expect(run.output).toContain('\x1b[');
    expect(run.loaded).toEqual([]);
  });

  it('a usage error reaches the terminal in colour, also without them', () => {
    const run = inTerminal('usage', [BIN, '--no-such-option']);
    expect(run.status).toBe(2);
    expect(run.output).toContain('--no-such-option');
    expect(run.output).toContain('\x1b[');
    expect(run.loaded).toEqual([]);
  });

  it('control: a script that prints through process.stdout on the same terminal loads both', () => {
    // console.log, not -p: Node 22 prints -p's value after the exit listeners have run.
    const run = inTerminal('control', ['-e', 'console.log(6 * 7)']);
    expect(run.status).toBe(0);
    expect(run.output).toContain('42');
    expect([...run.loaded].sort()).toEqual(['NativeModule net', 'NativeModule tty']);
  });
});
