// Finds the addon built against the CoreLocation double (the test build) and
// the test-only controls it exports, for the native benches. Nothing here
// builds anything: a missing build or export is reported, with what is
// missing, and the bench that needs it is skipped.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a double build may be, first found wins (WHEREAMI_DOUBLE_ADDON overrides). */
export function doubleCandidates() {
  if (process.env.WHEREAMI_DOUBLE_ADDON) return [process.env.WHEREAMI_DOUBLE_ADDON];
  return ['build-double/Release', 'build-double/Debug', 'build/Release', 'build/Debug'].map((dir) =>
    fileURLToPath(new URL(`../${dir}/whereami.node`, import.meta.url)),
  );
}

/**
 * @returns {Promise<{ ok: false, why: string } | { ok: true, path: string, binding: object,
 *   control: { reset(): void, authorize(): void }, floor: () => Promise<void> }>}
 */
export async function findDoubleAddon() {
  const path = doubleCandidates().find((candidate) => existsSync(candidate));
  if (!path) return { ok: false, why: `no addon built against the CoreLocation double (looked for ${doubleCandidates().join(', ')})` };
  const { loadAddon } = await import('../dist/backends/addon-loader.js');
  const load = loadAddon({ ...process.env, WHEREAMI_ADDON_PATH: path });
  if (!load.ok) return { ok: false, why: `the addon at ${path} did not load: ${load.failures.join('; ')}` };
  const testing = load.binding.testing;
  if (testing === null || typeof testing !== 'object') {
    return { ok: false, why: `${path} exports no test-only controls (not a WHEREAMI_TEST_DOUBLE build?)` };
  }
  if (typeof testing.roundTrip !== 'function') {
    return {
      ok: false,
      why:
        `${path} exports no bare thread-safe-function round trip: the floor needs a test-only ` +
        '`testing.roundTrip(callback)` that posts a no-op to a provider-like native thread and calls back through a ThreadSafeFunction',
    };
  }
  return {
    ok: true,
    path,
    binding: load.binding,
    control: {
      reset: () => testing.reset?.(),
      authorize: () => testing.setAuthorizationStatus?.(3),
    },
    floor: () => new Promise((resolve) => testing.roundTrip(resolve)),
  };
}
