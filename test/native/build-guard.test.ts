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

function section(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  expect(start, `${from} not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, end < 0 ? undefined : end);
}

function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

describe('CoreLocation bridge: no test-only export outside the double build', () => {
  it('binding.gyp lists no test-only source or define for macOS or the GeoClue target', () => {
    const gyp = readFileSync('binding.gyp', 'utf8');
    expect(section(gyp, `['OS=="mac"'`, `['OS=="linux" and whereami_double==1'`)).not.toMatch(TEST_ONLY);
    expect(section(gyp, `whereami_double==0 and whereami_geoclue==1`, `['OS!="mac"`)).not.toMatch(TEST_ONLY);
  });

  it('CMakeLists.txt lists no test-only source or define for macOS', () => {
    const cmake = readFileSync('CMakeLists.txt', 'utf8');
    const apple = section(cmake, 'if(APPLE)\n  whereami_node_addon', 'elseif(WHEREAMI_DOUBLE)');
    expect(apple).not.toMatch(TEST_ONLY);
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
