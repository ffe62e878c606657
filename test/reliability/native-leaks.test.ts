/**
 * The addon over the CoreLocation double under valgrind: the memory lost by
 * 1,000 requests (with watches and cancels among them) must be what 100
 * lose, so nothing leaks per request, and no memory error may have the addon
 * in its stack. (What is lost once, at start-up, belongs to GNUstep and Node
 * and does not grow.) valgrind cannot read the DWARF of clang's builds here,
 * so a copy without debug information is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_DOUBLE, doubleAddon } from './native-double.js';

const load = fileURLToPath(new URL('./fixtures/leak-load.mjs', import.meta.url));
const valgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
const objcopy = spawnSync('objcopy', ['--version'], { encoding: 'utf8' }).status === 0;
const why = !doubleAddon ? NO_DOUBLE : !valgrind || !objcopy ? 'skipped: valgrind or objcopy is not installed' : '';
const work = mkdtempSync(join(tmpdir(), 'whereami-leaks-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Leaks {
  lost: number;
  errorsInAddon: string[];
}

function underValgrind(addon: string, requests: number): Leaks {
  const log = join(work, `valgrind-${requests}.txt`);
  const result = spawnSync(
    'valgrind',
    ['--leak-check=full', '--errors-for-leak-kinds=none', `--log-file=${log}`, process.execPath, load, String(requests)],
    { encoding: 'utf8', timeout: 170_000, env: { ...process.env, WHEREAMI_DOUBLE_ADDON: addon } },
  );
  expect(result.status, result.stderr).toBe(0);
  const text = readFileSync(log, 'utf8');
  const bytes = (kind: string): number => Number(new RegExp(`${kind} lost: ([\\d,]+) bytes`).exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
  // An error block runs from its first line to the next blank line.
  const errorsInAddon = text
    .split(/==\d+== \n/)
    .filter((block) => /Invalid|uninitialised|Mismatched|Conditional jump/.test(block) && block.includes('whereami'));
  return { lost: bytes('definitely') + bytes('indirectly'), errorsInAddon };
}

describe.skipIf(why !== '')(`the native provider under valgrind${why ? ` (${why})` : ''}`, () => {
  it('loses no more after 1,000 requests than after 100, with no memory error in the addon', () => {
    const stripped = join(work, 'whereami_double.node');
    expect(spawnSync('objcopy', ['--strip-debug', doubleAddon as string, stripped]).status).toBe(0);
    const few = underValgrind(stripped, 100);
    const many = underValgrind(stripped, 1000);
    expect(Number.isFinite(few.lost) && Number.isFinite(many.lost)).toBe(true);
    // 900 more requests: even 8 bytes each would be 7 KB.
    expect(many.lost - few.lost).toBeLessThanOrEqual(1024);
    expect([...few.errorsInAddon, ...many.errorsInAddon]).toEqual([]);
  }, 360_000);
});
