/**
 * The GeoClue addon built the other way, with cmake-js, answers as the
 * node-gyp one does. It builds CMakeLists.txt when that includes
 * native/linux/geoclue.cmake, else a probe project that includes only it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import type { NativeBinding } from '../../src/backends/native-binding.js';
import { NativeBackend } from '../../src/backends/native-backend.js';
import { GeoClueStack, HOME_POSITION, whyStackCannotRun } from './harness/geoclue-stack.js';

const PACKAGE_ROOT = packageRoot();

const skip = whyStackCannotRun();
const require = createRequire(import.meta.url);

function buildWithCmake(): string {
  const root = join(PACKAGE_ROOT, 'CMakeLists.txt');
  const usesRoot = existsSync(root) && readFileSync(root, 'utf8').includes('native/linux/geoclue.cmake');
  let source = PACKAGE_ROOT;
  if (!usesRoot) {
    source = join(PACKAGE_ROOT, 'build-e2e', 'cmake-probe');
    mkdirSync(source, { recursive: true });
    writeFileSync(
      join(source, 'CMakeLists.txt'),
      `cmake_minimum_required(VERSION 3.15)\nproject(whereami_geoclue_probe CXX)\ninclude("${join(PACKAGE_ROOT, 'native/linux/geoclue.cmake')}")\n`,
    );
  }
  // One build directory per source: CMake refuses a cache made for another.
  const out = join(PACKAGE_ROOT, 'build-e2e', usesRoot ? 'cmake' : 'cmake-probe-build');
  const nodedir = existsSync('/usr/include/node/node_version.h') ? { npm_config_nodedir: '/usr' } : {};
  execFileSync(
    process.execPath,
    [require.resolve('cmake-js/bin/cmake-js'), 'build', '-d', source, '--out', out, '--target', 'whereami', '--parallel', '2'],
    { cwd: PACKAGE_ROOT, env: { ...process.env, ...nodedir }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return join(out, 'Release', 'whereami.node');
}

describe.skipIf(skip !== undefined)(`GeoClue addon built by cmake-js${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let stack: GeoClueStack;
  let binding: NativeBinding;

  beforeAll(async () => {
    binding = require(buildWithCmake()) as NativeBinding;
    stack = await GeoClueStack.start();
    process.env['DBUS_SYSTEM_BUS_ADDRESS'] = stack.busAddress;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    expect(stack?.survivors() ?? []).toEqual([]);
  });

  it('is the GeoClue provider and answers with the fake GPS fix', async () => {
    expect(binding.provider).toBe('geoclue');
    const backend = new NativeBackend(binding.createProvider(), { name: 'addon', provider: 'geoclue' });
    try {
      const fix = await backend.getLocation({ accuracy: 100, maximumAge: 0, signal: new AbortController().signal });
      expect(Math.abs(fix.latitude - HOME_POSITION.latitude)).toBeLessThan(1e-6);
      expect(Math.abs(fix.longitude - HOME_POSITION.longitude)).toBeLessThan(1e-6);
    } finally {
      backend.close();
    }
  });
});
