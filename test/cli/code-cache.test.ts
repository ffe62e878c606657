// The built command's code cache (src/cli/code-cache.ts): made on the first
// run, used after, never taken from a folder others can write, and never able
// to break the command.
import * as nodeModule from 'node:module';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userCacheDir } from '../../src/cli/code-cache.js';
import { ROOT, whereami } from './helpers.js';

// Node 22.1+ caches through its own module.enableCompileCache, in a folder we choose; Node 20 through vm.
const nodeCachesItself = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'whereami-cache-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

const cacheRoot = (): string => join(home, 'cache', 'node-whereami');
const envFor = (extra: Record<string, string> = {}): Record<string, string> => ({
  HOME: home,
  XDG_CACHE_HOME: join(home, 'cache'),
  ...extra,
});

async function locate(extra: Record<string, string> = {}): Promise<void> {
  const result = await whereami(['--simulate', '52.52,13.405', '--json'], envFor(extra));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ latitude: 52.52, longitude: 13.405 });
}

/** The name every cache of this install's app.cjs for one kind of command starts with: the kind, its folder's device and inode. */
const installPrefix = (profile = 'locate'): string => {
  const folder = statSync(join(ROOT, 'dist', 'cli'));
  return `app-${profile}-${folder.dev}-${folder.ino}-`;
};

const appCaches = (): string[] => (existsSync(cacheRoot()) ? readdirSync(cacheRoot()).filter((name) => name.endsWith('.v8cache')) : []);

describe('userCacheDir', () => {
  it('follows XDG_CACHE_HOME when it is absolute, else ~/.cache; ~/Library/Caches on macOS', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }, 'linux')).toBe('/var/cache/me/node-whereami');
    expect(userCacheDir({ XDG_CACHE_HOME: 'relative/dir' }, 'linux')).toMatch(/\/\.cache\/node-whereami$/);
    expect(userCacheDir({}, 'darwin')).toMatch(/\/Library\/Caches\/node-whereami$/);
  });
});

// Each runtime tests the path it takes (nothing is skipped: the other path's tests are not defined).
const describeNode20 = nodeCachesItself ? (): void => undefined : describe;
const describeNode22 = nodeCachesItself ? describe : (): void => undefined;

describeNode20('the code cache on Node 20 (vm with cached data)', () => {
  it('is written on the first run, private to the user, and used unchanged by the next', async () => {
    await locate();
    const [file, ...others] = appCaches();
    expect(others).toEqual([]);
    expect(file).toMatch(new RegExp(`^${installPrefix()}${process.version}-${process.arch}-\\d+-\\d+-\\d+\\.v8cache$`));
    const path = join(cacheRoot(), file!);
    expect(statSync(cacheRoot()).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = statSync(path, { bigint: true }).mtimeNs;
    await locate();
    // Only missing or rejected data is written again: an unchanged file means V8 took it.
    expect(statSync(path, { bigint: true }).mtimeNs).toBe(written);
  });

  it('is not written by a run that only printed help, a usage error or the version; the next run that locates writes it', async () => {
    for (const args of [['--help'], ['--no-such-option'], ['--json', '--version']]) {
      const result = await whereami(args, envFor());
      expect(result.code, args.join(' ')).toBe(args[0] === '--no-such-option' ? 2 : 0);
      expect(appCaches(), args.join(' ')).toEqual([]);
    }
    await locate();
    expect(appCaches()).toHaveLength(1);
  });

  it('keeps a cache per kind of command, so a first `status` does not become every locate\'s cache', async () => {
    const status = async (): Promise<void> => {
      const result = await whereami(['status', '--simulate', '52.52,13.405', '--json'], envFor());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ authorization: 'authorized' });
    };
    await status();
    expect(appCaches()).toEqual([expect.stringMatching(new RegExp(`^${installPrefix('status')}`))]);
    // The first locate finds no cache of its kind and writes one; the status cache stays.
    await locate();
    const caches = appCaches();
    expect(caches).toHaveLength(2);
    const locateCache = caches.find((name) => name.startsWith(installPrefix('locate')));
    const statusCache = caches.find((name) => name.startsWith(installPrefix('status')));
    expect(locateCache).toBeDefined();
    expect(statusCache).toBeDefined();
    const mtimes = (): bigint[] => [locateCache!, statusCache!].map((name) => statSync(join(cacheRoot(), name), { bigint: true }).mtimeNs);
    const written = mtimes();
    // Each kind then runs on its own cache, unchanged (V8 took it).
    await locate();
    await status();
    expect(mtimes()).toEqual(written);
    expect(appCaches()).toHaveLength(2);
  });

  it('replaces data V8 rejects, and the command still answers', async () => {
    await locate();
    const path = join(cacheRoot(), appCaches()[0]!);
    writeFileSync(path, Buffer.alloc(4096, 7));
    await locate();
    expect(readFileSync(path).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(readFileSync(path).length).toBeGreaterThan(4096);
  });

  it("drops this install's older caches and month-old ones of other installs, and keeps other installs' recent ones", async () => {
    mkdirSync(cacheRoot(), { recursive: true, mode: 0o700 });
    const older = `${installPrefix()}v18.0.0-x64-1-2-3.v8cache`;
    const otherInstall = 'app-1-2-v20.0.0-x64-1-2-3.v8cache';
    const abandoned = 'app-3-4-v20.0.0-x64-1-2-3.v8cache';
    for (const name of [older, otherInstall, abandoned]) writeFileSync(join(cacheRoot(), name), 'old');
    const monthAgo = (Date.now() - 31 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(join(cacheRoot(), abandoned), monthAgo, monthAgo);
    writeFileSync(join(cacheRoot(), 'unrelated.txt'), 'keep');
    await locate();
    const left = appCaches();
    expect(left).toContain(otherInstall);
    expect(left).not.toContain(older);
    expect(left).not.toContain(abandoned);
    expect(left.filter((name) => name.startsWith(installPrefix()))).toHaveLength(1);
    expect(readFileSync(join(cacheRoot(), 'unrelated.txt'), 'utf8')).toBe('keep');
  });

  it('never reads or writes code in a folder other users can write', async () => {
    mkdirSync(cacheRoot(), { recursive: true });
    chmodSync(cacheRoot(), 0o777);
    await locate();
    expect(appCaches()).toEqual([]);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1, as Node’s own is', async () => {
    await locate({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(existsSync(cacheRoot())).toBe(false);
  });
});

describeNode22('the code cache on Node 22.1+ (module.enableCompileCache)', () => {
  it("puts Node's own cache in the user's cache folder, made private to the user", async () => {
    await locate();
    expect(statSync(cacheRoot()).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(cacheRoot(), 'node-compile-cache')).length).toBeGreaterThan(0);
  });

  it('never hands Node a folder other users can write', async () => {
    mkdirSync(cacheRoot(), { recursive: true });
    chmodSync(cacheRoot(), 0o777);
    await locate();
    expect(existsSync(join(cacheRoot(), 'node-compile-cache'))).toBe(false);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    await locate({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(existsSync(cacheRoot())).toBe(false);
  });
});

describe('a cache folder that cannot be made', () => {
  it('costs only the compile: the command answers', async () => {
    // A file where the cache folder would go.
    writeFileSync(join(home, 'cache'), 'not a folder');
    await locate();
    await locate();
    expect(readFileSync(join(home, 'cache'), 'utf8')).toBe('not a folder');
  });
});

describe('the require app.cjs is given', () => {
  // The bin hands app.cjs its own require (src/cli/load-app.ts): the same
  // resolution only while app.cjs requires packages and Node's modules, never
  // a file by a path of its own.
  it('is asked only for packages and node: modules, never a relative path', () => {
    const source = readFileSync(join(ROOT, 'dist', 'cli', 'app.cjs'), 'utf8');
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1] ?? '');
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((specifier) => specifier.startsWith('.') || specifier.startsWith('/'))).toEqual([]);
  });
});
