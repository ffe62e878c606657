/**
 * Choosing and explaining the prebuilt addon: which folder and file match
 * this process (node-gyp-build's rules), and what the hint says when a
 * prebuild exists but cannot load.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonCandidates, loadAddon, loadHint } from '../../src/backends/addon-loader.js';
import { prebuildAddon, prebuildDir, requireGypBuild } from '../../src/backends/prebuilds.js';
import { packageRoot } from '../../src/package-root.js';

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

describe('node-gyp-build: its rules, required by the file that holds them', () => {
  it('in Node, the rules file is the very module node-gyp-build\'s main exports', () => {
    expect(require('node-gyp-build/node-gyp-build.js')).toBe(require('node-gyp-build'));
    expect(requireGypBuild(require)).toBe(require('node-gyp-build'));
  });

  it('asks for the rules file first, and nothing else when it loads', () => {
    const asked: string[] = [];
    const rules = { parseTags: () => undefined };
    expect(requireGypBuild((id) => (asked.push(id), rules))).toBe(rules);
    expect(asked).toEqual(['node-gyp-build/node-gyp-build.js']);
  });

  it.each(['ERR_PACKAGE_PATH_NOT_EXPORTED', 'MODULE_NOT_FOUND'])(
    'a release that no longer offers the rules file (%s): the package\'s main instead',
    (code) => {
      const main = { parseTags: () => undefined };
      const asked: string[] = [];
      const load = (id: string): unknown => {
        asked.push(id);
        if (id === 'node-gyp-build') return main;
        throw Object.assign(new Error(`cannot load ${id}`), { code });
      };
      expect(requireGypBuild(load)).toBe(main);
      expect(asked).toEqual(['node-gyp-build/node-gyp-build.js', 'node-gyp-build']);
    },
  );

  it('any other failure of the rules file is not hidden behind the main', () => {
    const load = (id: string): unknown => {
      if (id === 'node-gyp-build') throw new Error('the main should not be asked');
      throw new SyntaxError('Unexpected token in node-gyp-build.js');
    };
    expect(() => requireGypBuild(load)).toThrow(/Unexpected token in node-gyp-build\.js/);
  });
});

describe('prebuildDir: each package root read once', () => {
  it('asked again, it answers from what it found, without reading the folder again', () => {
    const root = fakePackage({ [here]: ['node.napi.node'] });
    const first = prebuildDir(root);
    expect(first).toEqual({ ok: true, dir: join(root, 'prebuilds', here) });
    // Had it read the folder again, it would find none now.
    rmSync(join(root, 'prebuilds'), { recursive: true });
    expect(prebuildDir(root)).toBe(first);
  });

  it('another target (npm_config_arch) is another answer', () => {
    const root = fakePackage({ [here]: ['node.napi.node'], [`${process.platform}-riscv64`]: ['node.napi.node'] });
    const before = process.env['npm_config_arch'];
    try {
      expect(prebuildDir(root)).toEqual({ ok: true, dir: join(root, 'prebuilds', here) });
      process.env['npm_config_arch'] = 'riscv64';
      expect(prebuildDir(root)).toEqual({ ok: true, dir: join(root, 'prebuilds', `${process.platform}-riscv64`) });
    } finally {
      if (before === undefined) delete process.env['npm_config_arch'];
      else process.env['npm_config_arch'] = before;
    }
  });
});

describe('the addon candidates, in order', () => {
  it('WHEREAMI_ADDON_PATH is the only one tried, and its failure says why', () => {
    const path = join(tmpdir(), 'whereami-no-such-dir', 'whereami.node');
    expect(addonCandidates({ WHEREAMI_ADDON_PATH: path })).toEqual([path]);
    const load = loadAddon({ WHEREAMI_ADDON_PATH: path });
    expect(load.ok).toBe(false);
    expect(!load.ok && load.failures).toEqual([`${path}: not built`]);
  });

  it('without it (or empty): this platform\'s prebuild when there is one, then the Release and Debug builds', () => {
    const root = packageRoot();
    const local = [join(root, 'build', 'Release', 'whereami.node'), join(root, 'build', 'Debug', 'whereami.node')];
    const dir = prebuildDir(root);
    const prebuild = dir.ok ? prebuildAddon(dir.dir) : dir;
    const expected = prebuild.ok ? [prebuild.path, ...local] : local;
    expect(addonCandidates({})).toEqual(expected);
    expect(addonCandidates({ WHEREAMI_ADDON_PATH: '' })).toEqual(expected);
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
