/**
 * Importing the package makes no CommonJS require: createRequire costs about
 * 1.1 ms the first time in an ES module process (0.4 ms in the CLI's bundle),
 * and a process that never loads the addon, a helper or a GPX file should not
 * pay it. The backends share one, made on first use. Runs the built package
 * (dist/) in fresh processes, with node:module's createRequire counted.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';

const root = packageRoot();

/** How many times node:module's createRequire ran while `body` ran, in a fresh process. */
function countRequiresMade(body: string): Promise<number> {
  const script = [
    "import module, { syncBuiltinESMExports } from 'node:module';",
    'let made = 0;',
    'const original = module.createRequire;',
    'module.createRequire = (...args) => { made += 1; return original(...args); };',
    'syncBuiltinESMExports();',
    body,
    'process.stdout.write(String(made));',
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(Number(stdout));
    });
  });
}

const url = (file: string): string => JSON.stringify(pathToFileURL(join(root, file)).href);

describe('the backends make their require on first use, and only one', () => {
  it.each(['dist/index.js', 'dist/cli/app.cjs'])('importing %s makes none', async (file) => {
    expect(await countRequiresMade(`await import(${url(file)});`)).toBe(0);
  });

  it('loading the addon makes one, and a second load with another path makes no other', async () => {
    const made = await countRequiresMade(
      [
        `const { loadAddon } = await import(${url('dist/internal.js')});`,
        "const first = loadAddon({ WHEREAMI_ADDON_PATH: '/nonexistent/whereami-a.node' });",
        "const second = loadAddon({ WHEREAMI_ADDON_PATH: '/nonexistent/whereami-b.node' });",
        "if (first.ok || second.ok || !/not built/.test(first.failures[0])) throw new Error('unexpected load');",
      ].join('\n'),
    );
    expect(made).toBe(1);
  });
});
