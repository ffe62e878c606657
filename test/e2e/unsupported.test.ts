/**
 * Linux without GeoClue2's build dependencies: the install still succeeds,
 * and calls say UNSUPPORTED_PLATFORM with what to install.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { LocationError } from '../../src/errors.js';
import { getLocation } from '../../src/index.js';

const PACKAGE_ROOT = packageRoot();

describe.skipIf(process.platform !== 'linux')('Linux without the GeoClue addon (skipped off Linux)', () => {
  it('the install step skips the build with a one-line note, and succeeds', async () => {
    // pkg-config finds nothing in an empty search path: as on a machine without libglib2.0-dev.
    const env = { ...process.env, PKG_CONFIG_LIBDIR: '/nonexistent', PKG_CONFIG_PATH: '' };
    // --build: as where no prebuild loads (a checkout may hold this platform's prebuild, which would answer first).
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(PACKAGE_ROOT, 'scripts/native/install.mjs'), '--build'], { env }, (error, stdout) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/GeoClue2 support not built.*apt install pkg-config libglib2.0-dev/);
  });

  it('getLocation() rejects UNSUPPORTED_PLATFORM, and the hint says what to install', async () => {
    // A coverage run (npm run coverage:native:linux) sets its own: put it back after.
    const before = process.env['WHEREAMI_ADDON_PATH'];
    process.env['WHEREAMI_ADDON_PATH'] = join(PACKAGE_ROOT, 'build', 'missing', 'whereami.node');
    delete process.env['WHEREAMI_SIMULATE'];
    delete process.env['WHEREAMI_BACKEND'];
    try {
      const error = (await getLocation({ timeout: 1000 }).catch((e: unknown) => e)) as LocationError;
      expect(error).toBeInstanceOf(LocationError);
      expect(error.code).toBe('UNSUPPORTED_PLATFORM');
      expect(error.message).toMatch(/not built/);
      expect(error.hint).toMatch(/apt install geoclue-2\.0/);
      expect(error.hint).toMatch(/agent/);
    } finally {
      if (before === undefined) delete process.env['WHEREAMI_ADDON_PATH'];
      else process.env['WHEREAMI_ADDON_PATH'] = before;
    }
  });
});
