/**
 * The whole backend contract suite against the real CoreLocation addon and
 * the real whereami-helper on macOS (run by .github/workflows/macos.yml;
 * skipped elsewhere), in its permissionless mode: a hosted runner has no
 * location permission and no one to answer a prompt, so every location call
 * must settle within its limit with the error shapes of that case.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';
import { HelperProvider } from '../../../src/backends/helper-provider.js';
import { NativeBackend } from '../../../src/backends/native-backend.js';
import type { NativeBinding } from '../../../src/backends/native-binding.js';
import { describeBackendContract } from '../../contract/backend-contract.js';

const addonPath = resolve(process.env['WHEREAMI_ADDON_PATH'] ?? 'build/Release/whereami.node');
const helperPath = resolve(process.env['WHEREAMI_HELPER_PATH'] ?? 'build/Release/whereami-helper');
// Where a prompt could be answered after all, the first fix can take a while.
const permissionless = { timeoutMs: 3000 };
// Unknown on a runner: the suite compares it only when it expects fixes.
const expected = { latitude: 0, longitude: 0 };

if (process.platform !== 'darwin') {
  describe('backend contract: real addon and helper', () => {
    it.skip(`skipped: macOS only (this is ${process.platform}); the double runs the same suite here`, () => {});
  });
} else {
  describeBackendContract(`real CoreLocation addon, permissionless (${addonPath})`, () => {
    if (!existsSync(addonPath)) throw new Error(`${addonPath} was not built`);
    const binding = createRequire(import.meta.url)(addonPath) as NativeBinding;
    const backend = new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider });
    return Promise.resolve({ backend, expected, permissionless, close: () => backend.close() });
  }, 'permissionless');
  describeBackendContract(`real whereami-helper, permissionless (${helperPath})`, () => {
    if (!existsSync(helperPath)) throw new Error(`${helperPath} was not built`);
    const backend = new NativeBackend(new HelperProvider(helperPath), {
      name: 'helper',
      provider: 'corelocation',
      detail: helperPath,
    });
    return Promise.resolve({ backend, expected, permissionless, close: () => backend.close() });
  }, 'permissionless');
}
