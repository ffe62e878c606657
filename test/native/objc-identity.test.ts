/**
 * What the Objective-C runtime sees of the provider: class names of its own
 * per build (two copies of the addon in one process must not collide), and a
 * run-loop thread that is an NSThread (Cocoa turns multithreaded only once an
 * NSThread has been spawned).
 *
 * Loading two differently-built copies into one process is not possible with
 * the double: each copy carries the double's own CLLocationManager classes,
 * which stand in for Apple's framework (loaded once per process on a Mac) and
 * would collide themselves. So the names are read from the binaries' symbols.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIVE_ABI_VERSION } from '../../src/backends/native-binding.js';
import type { NativeBackend } from '../../src/backends/native-backend.js';
import { request } from './support/calls.js';
import { CL, doubleAddonPath, doubleAvailable, freshProvider, loadDouble } from './support/double.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const PREFIX = `WHRv${NATIVE_ABI_VERSION}_v${version.replace(/[^A-Za-z0-9]/g, '_')}_`;

function helperPath(): string {
  return resolve(process.env['WHEREAMI_DOUBLE_HELPER'] ?? 'build-double/gyp/whereami-helper-double');
}

/** Names of the Objective-C classes a binary defines (GNU runtime: _OBJC_CLASS_<name>). */
function definedClasses(binary: string): string[] {
  const symbols = execFileSync('nm', ['--defined-only', binary], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...symbols.matchAll(/\s_OBJC_CLASS_(\w+)$/gm)].map((m) => m[1] as string);
}

describe.skipIf(!doubleAvailable())('CoreLocation provider: Objective-C identity (double)', () => {
  const opened: NativeBackend[] = [];
  afterEach(() => {
    for (const backend of opened.splice(0)) backend.close();
  });

  for (const [what, path] of [
    ['addon', doubleAddonPath()],
    ['helper', helperPath()],
  ] as const) {
    it(`every class of the ${what} carries the ABI and package version (${PREFIX}...)`, () => {
      expect(existsSync(path), `${path} was not built`).toBe(true);
      const classes = definedClasses(path);
      // The double's stand-ins for Apple's classes (CL*, WHRFake*) aside.
      const ours = classes.filter((name) => !name.startsWith('CL') && !name.startsWith('WHRFake'));
      expect(ours).toContain(`${PREFIX}LocationDelegate`);
      expect(ours).toContain(`${PREFIX}RunLoopPump`);
      for (const name of ours) expect(name.startsWith(PREFIX), `class ${name}`).toBe(true);
    });
  }

  it('creates its CLLocationManager after Cocoa has turned multithreaded (an NSThread was spawned)', async () => {
    const made = freshProvider(loadDouble(), CL.authorized);
    opened.push(made.backend);
    expect((await request(made.native).done).ok).toBe(true);
    expect(made.double.counters().liveManagers).toBeGreaterThan(0);
    expect(made.double.counters().managersMadeSingleThreaded).toBe(0);
  });
});
