/**
 * The test-only scripting export exists only in the Linux double build: the
 * build files never list it for a normal target, and the addon's sources
 * compiled without WHEREAMI_TEST_DOUBLE carry none of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doubleAddonPath, doubleAvailable } from './support/double.js';

const TEST_ONLY = /test_double_export|WHEREAMI_TEST_DOUBLE|fake-corelocation/;

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

describe('CoreLocation bridge: no test-only export outside the double build', () => {
  it('the published binding.gyp and CMakeLists.txt name no test-only source, define or file', () => {
    // Both are in the tarball and are all a user's install reads; the
    // double's targets live in test/native (double-targets.gypi, CMakeLists.txt).
    for (const file of ['binding.gyp', 'CMakeLists.txt', 'native/linux/geoclue.cmake']) {
      const text = readFileSync(file, 'utf8').replace(/^\s*#.*$/gm, '');
      expect(text, file).not.toMatch(TEST_ONLY);
      expect(text, file).not.toMatch(/test\/|double/i);
    }
  });

  it.skipIf(!hasTool('g++') || !hasTool('nm'))(
    'the addon compiled without WHEREAMI_TEST_DOUBLE has no testDouble symbol or string',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'whereami-guard-'));
      const include = ['-I/usr/include/node', '-Inode_modules/node-addon-api', '-DNAPI_VERSION=8'];
      for (const source of ['addon.cc', 'test_double_export.cc']) {
        const object = join(dir, `${source}.o`);
        execFileSync('g++', ['-std=c++17', '-fexceptions', ...include, '-c', `native/addon/${source}`, '-o', object]);
        const symbols = execFileSync('nm', ['-C', object], { encoding: 'utf8' });
        expect(symbols).not.toMatch(/MakeTestDoubleControls|FakeCL/);
        expect(readFileSync(object).includes('testDouble')).toBe(false);
      }
    },
  );

  it.skipIf(!doubleAvailable())('while the double build does export it', () => {
    expect(readFileSync(doubleAddonPath()).includes('testDouble')).toBe(true);
  });
});
