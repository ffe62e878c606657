/**
 * Choosing and explaining the prebuilt addon: which folder and file match
 * this process (node-gyp-build's rules), and what the hint says when a
 * prebuild exists but cannot load.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHint } from '../../src/backends/addon-loader.js';
import { prebuildAddon, prebuildDir } from '../../src/backends/prebuilds.js';

const require = createRequire(import.meta.url);

function fakePackage(folders: Record<string, string[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'whereami-prebuilds-'));
  for (const [folder, files] of Object.entries(folders)) {
    mkdirSync(join(root, 'prebuilds', folder), { recursive: true });
    for (const file of files) writeFileSync(join(root, 'prebuilds', folder, file), 'not a binary');
  }
  return root;
}

const here = `${process.platform}-${process.arch}`;

describe('prebuilds: which one this process would load', () => {
  it('finds this platform\'s folder and its N-API file', () => {
    const root = fakePackage({ [here]: ['node.napi.node', 'whereami-helper'], 'win32-ia32': ['node.napi.node'] });
    const dir = prebuildDir(root);
    expect(dir).toEqual({ ok: true, dir: join(root, 'prebuilds', here) });
    const addon = prebuildAddon(join(root, 'prebuilds', here));
    expect(addon).toEqual({ ok: true, path: join(root, 'prebuilds', here, 'node.napi.node') });
  });

  it('takes a multi-architecture folder (darwin-x64+arm64) when it holds this architecture', () => {
    const root = fakePackage({ [`${process.platform}-x64+arm64+${process.arch}`]: ['node.napi.node'] });
    const dir = prebuildDir(root);
    expect(dir.ok).toBe(true);
  });

  it('says which platforms it has when none is this one', () => {
    const root = fakePackage({ 'win32-ia32': ['node.napi.node'] });
    const dir = prebuildDir(root);
    expect(dir.ok).toBe(false);
    expect(!dir.ok && dir.why).toMatch(new RegExp(`no prebuild for ${here} \\(only win32-ia32\\)`));
  });

  it('says when the package ships none', () => {
    const dir = prebuildDir(mkdtempSync(join(tmpdir(), 'whereami-none-')));
    expect(!dir.ok && dir.why).toMatch(/none shipped/);
  });

  it('a prebuild that is not a loadable binary fails with the loader\'s reason', () => {
    const root = fakePackage({ [here]: ['node.napi.node'] });
    const addon = prebuildAddon(join(root, 'prebuilds', here));
    expect(addon.ok).toBe(true);
    expect(() => void require(addon.ok ? addon.path : '')).toThrow(/invalid ELF header|not a mach-o|file too short|slice is not valid/i);
  });
});

describe('the hint when no addon loads', () => {
  it('a prebuild missing GIO at run time: install libglib, compiling would not help', () => {
    const hint = loadHint(['/x/prebuilds/linux-x64/node.napi.glibc.node: libgio-2.0.so.0: cannot open shared object file: No such file or directory', '/x/build/Release/whereami.node: not built'], 'linux');
    expect(hint).toMatch(/apt install libglib2\.0-0/);
  });

  it('a prebuild needing a newer glibc: approve the install script to compile', () => {
    const hint = loadHint(["/x/prebuilds/linux-x64/node.napi.glibc.node: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found"], 'linux');
    expect(hint).toMatch(/glibc is older/);
    expect(hint).toMatch(/npm install-scripts approve node-whereami/);
  });

  it('no prebuild for this platform: approve the install script, and what compiling needs', () => {
    expect(loadHint(['/x/prebuilds: no prebuild for linux-riscv64 (only linux-x64)'], 'linux')).toMatch(
      /npm install-scripts approve node-whereami.*npm rebuild node-whereami.*libglib2\.0-dev/,
    );
    expect(loadHint(['/x/prebuilds: no prebuild for darwin-x64 (none shipped)'], 'darwin')).toMatch(/xcode-select --install/);
  });
});
