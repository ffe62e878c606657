/**
 * When node-gyp-build's rules are loaded: once, on the first prebuilds/
 * folder that has anything to choose from, and never for a package that
 * ships none (a checkout, or an install that compiled the addon).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const required = vi.hoisted(() => [] as string[]);
vi.mock('../../src/backends/lazy-require.js', () => {
  const real = createRequire(import.meta.url);
  return {
    lazyRequire: (id: string): unknown => {
      required.push(id);
      return real(id);
    },
  };
});

const { prebuildAddon, prebuildDir } = await import('../../src/backends/prebuilds.js');

const here = `${process.platform}-${process.arch}`;

beforeEach(() => {
  required.length = 0;
});

describe('node-gyp-build is loaded only when there is a prebuild to choose', () => {
  it('a package without prebuilds/, or with an empty one: not loaded, and the reason says none shipped', () => {
    const bare = mkdtempSync(join(tmpdir(), 'whereami-bare-'));
    expect(prebuildDir(bare)).toEqual({ ok: false, why: `${join(bare, 'prebuilds')}: no prebuild for ${here} (none shipped)` });
    const empty = mkdtempSync(join(tmpdir(), 'whereami-empty-'));
    mkdirSync(join(empty, 'prebuilds'));
    expect(prebuildDir(empty)).toEqual({ ok: false, why: `${join(empty, 'prebuilds')}: no prebuild for ${here} (none shipped)` });
    expect(required).toEqual([]);
  });

  it('a package with prebuilds: its rules file, once for every question after', () => {
    const root = mkdtempSync(join(tmpdir(), 'whereami-shipped-'));
    mkdirSync(join(root, 'prebuilds', here), { recursive: true });
    writeFileSync(join(root, 'prebuilds', here, 'node.napi.node'), 'not a binary');
    const dir = prebuildDir(root);
    expect(dir).toEqual({ ok: true, dir: join(root, 'prebuilds', here) });
    expect(prebuildAddon(join(root, 'prebuilds', here))).toEqual({ ok: true, path: join(root, 'prebuilds', here, 'node.napi.node') });
    const other = mkdtempSync(join(tmpdir(), 'whereami-other-'));
    mkdirSync(join(other, 'prebuilds', 'win32-ia32'), { recursive: true });
    expect(prebuildDir(other).ok).toBe(false);
    expect(required).toEqual(['node-gyp-build/node-gyp-build.js']);
  });
});
