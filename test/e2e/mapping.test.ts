/** The GeoClue provider's pure mappings (native/linux/gc_mapping.cc), checked in C++. */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nativeTool } from './harness/native-tools.js';

function whyCannotBuild(): string | undefined {
  if (process.platform !== 'linux') return `GeoClue2 is Linux-only (this is ${process.platform})`;
  try {
    execFileSync('pkg-config', ['--exists', 'gio-2.0']);
  } catch {
    return 'pkg-config finds no gio-2.0 (apt install pkg-config libglib2.0-dev)';
  }
  return undefined;
}

const skip = whyCannotBuild();

describe.skipIf(skip !== undefined)(`GeoClue mappings${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('accuracy levels, GeoClue sentinels and D-Bus errors map as documented', () => {
    const run = spawnSync(nativeTool('mappingTest'), { encoding: 'utf8' });
    expect(run.stdout).toBe('ok\n');
    expect(run.status).toBe(0);
  });
});
