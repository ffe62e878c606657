/**
 * The README's table "macOS: who gets the permission prompt", row by row:
 * what backend `auto` picks, with the addon loader and the helper lookup
 * replaced by stand-ins for each situation. Plus the rows around it (a
 * simulation, Linux, nothing that can serve).
 */
import { describe, expect, it } from 'vitest';
import type { AddonLoad } from '../../src/backends/addon-loader.js';
import type { HelperLookup } from '../../src/backends/helper-locator.js';
import { BackendRegistry } from '../../src/backends/resolve.js';
import { LocationError } from '../../src/errors.js';
import { createFakeBinding, FakeNativeProvider } from '../support/fake-native-binding.js';

interface Situation {
  platform: NodeJS.Platform;
  /** undefined: the addon does not load. */
  usageDescription: boolean | undefined;
  helper: boolean;
  env?: NodeJS.ProcessEnv;
}

function registry(situation: Situation): BackendRegistry {
  const addon = (): AddonLoad => {
    if (situation.usageDescription === undefined) {
      return { ok: false, failures: ['/x/whereami.node: not built'], hint: 'build the addon' };
    }
    const binding = createFakeBinding();
    const usage = situation.usageDescription;
    return { ok: true, path: '/x/whereami.node', binding: { ...binding, bundleInfo: () => ({ hasLocationUsageDescription: usage }) } };
  };
  const helper = (): HelperLookup =>
    situation.helper ? { ok: true, path: '/x/whereami-helper' } : { ok: false, failures: ['/x/whereami-helper: not built'] };
  return new BackendRegistry(situation.env ?? {}, situation.platform, {
    loadAddon: addon,
    findHelper: helper,
    startHelper: () => new FakeNativeProvider(),
  });
}

// [who calls (README row), situation, backend auto picks, words in the reason]
const rows: [string, Situation, 'addon' | 'helper' | 'simulated', RegExp][] = [
  ['the whereami command', { platform: 'darwin', usageDescription: false, helper: true }, 'helper', /no bundle with a location usage description/],
  ['a plain Node script', { platform: 'darwin', usageDescription: false, helper: true }, 'helper', /the helper at \/x\/whereami-helper asks instead/],
  ['an app with NSLocationUsageDescription', { platform: 'darwin', usageDescription: true, helper: true }, 'addon', /native addon at \/x\/whereami\.node/],
  ['an app with a usage description, no helper installed', { platform: 'darwin', usageDescription: true, helper: false }, 'addon', /native addon/],
  ['a plain process, no helper installed: the addon is tried next', { platform: 'darwin', usageDescription: false, helper: false }, 'addon', /native addon/],
  ['the addon does not load: the helper serves', { platform: 'darwin', usageDescription: undefined, helper: true }, 'helper', /helper/],
  ['a simulation, whatever else is there', { platform: 'darwin', usageDescription: true, helper: true, env: { WHEREAMI_SIMULATE: '1,2' } }, 'simulated', /WHEREAMI_SIMULATE is set/],
  ['Linux: the addon, never the helper', { platform: 'linux', usageDescription: false, helper: true }, 'addon', /native addon/],
];

describe('backend auto on macOS: the README table', () => {
  it.each(rows)('%s', (_who, situation, expected, reason) => {
    const resolution = registry(situation).resolve('auto');
    expect(resolution.backend.info.name).toBe(expected);
    expect(resolution.reason).toMatch(reason);
  });

  it('a choice by name overrides the table', () => {
    const app = registry({ platform: 'darwin', usageDescription: true, helper: true });
    expect(app.resolve('helper').backend.info.name).toBe('helper');
    const plain = registry({ platform: 'darwin', usageDescription: false, helper: true, env: { WHEREAMI_BACKEND: 'addon' } });
    expect(plain.resolve('auto').backend.info.name).toBe('addon');
  });

  it('nothing that can serve: UNSUPPORTED_PLATFORM, naming what was tried and the addon hint', () => {
    let error: unknown;
    try {
      registry({ platform: 'darwin', usageDescription: undefined, helper: false }).resolve('auto');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocationError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_PLATFORM' });
    expect((error as LocationError).message).toMatch(/helper: no whereami-helper executable.*addon: no native addon loaded/);
    expect((error as LocationError).hint).toMatch(/^build the addon .*WHEREAMI_SIMULATE/);
    expect((error as LocationError).hint).not.toMatch(/apt install/);
  });

  it("the addon backend reports the identity it asks as: the process's bundle", () => {
    const app = registry({ platform: 'darwin', usageDescription: true, helper: false });
    expect(app.resolve('addon').backend.info.bundle).toEqual({ hasLocationUsageDescription: true });
    const plain = registry({ platform: 'darwin', usageDescription: false, helper: false });
    expect(plain.resolve('addon').backend.info.bundle).toEqual({ hasLocationUsageDescription: false });
  });

  it('one backend instance per path, shared by every resolution', () => {
    const shared = registry({ platform: 'darwin', usageDescription: false, helper: true });
    expect(shared.resolve('auto').backend).toBe(shared.resolve('helper').backend);
  });
});
