/**
 * Vitest global setup for the suites that run the built package (dist/):
 * build it first, so no test runs stale code. The build is the package's own
 * `build` script (whatever tool it uses); it is skipped when the entry point
 * package.json names is newer than every source file, so repeated runs stay
 * quick.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string }).main ?? 'dist/index.js';
  const entry = join(root, main);
  if (!existsSync(entry)) return false;
  const inputs = Math.max(
    newestSource(join(root, 'src')),
    ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs),
  );
  return statSync(entry).mtimeMs >= inputs;
}

export default function setup(): void {
  if (distIsFresh()) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${String(result.status)}): the suites that run dist/ cannot run`);
}
