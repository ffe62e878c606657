// Finds the addon built against the CoreLocation double (the test build:
// `node scripts/native/build-double.mjs`), its test-only `testDouble`
// controls, the helper built against the same double, and a floor for the
// bridge. A missing build is reported with what is missing, and the bench
// that needs it is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../', import.meta.url));

/** Where a double build may be, first found wins (WHEREAMI_DOUBLE_ADDON overrides). */
export function doubleCandidates() {
  if (process.env.WHEREAMI_DOUBLE_ADDON) return [process.env.WHEREAMI_DOUBLE_ADDON];
  return ['build-double/gyp', 'build-double/cmake', 'build/Release'].map((dir) => join(root, dir, 'whereami_double.node'));
}

/**
 * @returns {Promise<{ ok: false, why: string } | { ok: true, path: string, binding: object,
 *   control: { reset(): void, authorize(): void }, helperPath: string | undefined }>}
 */
export async function findDoubleAddon() {
  const path = doubleCandidates().find((candidate) => existsSync(candidate));
  if (!path) {
    return {
      ok: false,
      why: 'no addon built against the CoreLocation double (node scripts/native/build-double.mjs builds build-double/gyp/whereami_double.node)',
    };
  }
  const { loadAddon } = await import('../dist/backends/addon-loader.js');
  const load = loadAddon({ ...process.env, WHEREAMI_ADDON_PATH: path });
  if (!load.ok) return { ok: false, why: `the addon at ${path} did not load: ${load.failures.join('; ')}` };
  const controls = load.binding.testDouble;
  if (controls === null || typeof controls !== 'object') {
    return { ok: false, why: `${path} has no testDouble export (not a WHEREAMI_TEST_DOUBLE build?)` };
  }
  const helperPath = [join(dirname(path), 'whereami-helper-double'), join(dirname(path), 'whereami_helper_double')].find(
    (candidate) => existsSync(candidate),
  );
  return {
    ok: true,
    path,
    binding: load.binding,
    controls,
    control: {
      // A machine that answers at once: authorized, no fix delay.
      reset: () => {
        controls.reset();
        controls.setAuthorizationStatus(3);
        controls.setFixDelay(0);
      },
    },
    helperPath,
  };
}

/**
 * The floor of the bridge: a bare thread-safe-function round trip to a
 * native thread. The double build's own `testDouble.roundTrip` when it has
 * one (the provider's kind of thread, a run loop); else the bench's own
 * addon (bench/native/tsfn_floor.cc: a thread on a condition variable),
 * built here on first use when Node's headers are installed locally.
 * @returns {{ ok: true, kind: string, roundTrip: () => Promise<void> } | { ok: false, why: string }}
 */
export function findFloor(double) {
  if (double?.ok && typeof double.controls.roundTrip === 'function') {
    return {
      ok: true,
      kind: 'testDouble.roundTrip: no-op to the provider run-loop thread and back',
      roundTrip: () => new Promise((resolve) => double.controls.roundTrip(resolve)),
    };
  }
  const built = join(root, 'bench/native/build/Release/tsfn_floor.node');
  if (!existsSync(built)) {
    const header = '/usr/include/node/node_version.h';
    const local = existsSync(header) && readFileSync(header, 'utf8').includes(`NODE_MAJOR_VERSION ${process.versions.node.split('.')[0]}`);
    const nodeGyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js');
    if (!local || !existsSync(nodeGyp)) return { ok: false, why: 'bench/native/tsfn_floor.cc is not built and cannot be here (no local Node headers or node-gyp)' };
    const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--directory', join(root, 'bench/native')], {
      env: { ...process.env, npm_config_nodedir: '/usr' },
      encoding: 'utf8',
    });
    if (result.status !== 0) return { ok: false, why: `bench/native/tsfn_floor.cc did not build: ${result.stderr.trim().split('\n').pop()}` };
  }
  const floor = require(built);
  return {
    ok: true,
    kind: 'bench/native/tsfn_floor.cc: no-op to a std::thread on a condition variable and back (the double has no roundTrip export)',
    roundTrip: () => new Promise((resolve) => floor.roundTrip(resolve)),
  };
}
