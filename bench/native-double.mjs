// Finds the addon built against the CoreLocation double (the test build:
// `node scripts/native/build-double.mjs`), its test-only `testDouble`
// controls, the helper built against the same double, and a floor for the
// bridge. A missing build is reported with what is missing, and the bench
// that needs it is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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
  const { loadAddon } = await import('../dist/internal.js');
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
      // A machine that answers at once: authorized, fixes delivered on the
      // manager's next run-loop turn without a timer where the build can
      // (setImmediateFixes), else after a zero delay.
      reset: () => {
        controls.reset();
        controls.setAuthorizationStatus(3);
        controls.setFixDelay(0);
        if (typeof controls.setImmediateFixes === 'function') controls.setImmediateFixes(true);
      },
    },
    helperPath,
  };
}

/**
 * The floor of the bridge: a bare thread-safe-function round trip to a
 * native thread, first found:
 *  1. the double build's own `testDouble.roundTrip`, when it has one: a
 *     no-op posted through RunLoopThread::Post (the provider's thread class)
 *     and answered through Bridge::Send (the provider's way back);
 *  2. bench/native/runloop_floor.cc: the provider's own thread class
 *     (native/darwin/cl_thread.mm: an NSRunLoop thread woken with
 *     performSelector:onThread:) and one thread-safe function, built here
 *     against GNUstep with clang when the double is built;
 *  3. bench/native/tsfn_floor.cc: a std::thread on a condition variable.
 * @returns {{ ok: true, kind: string, roundTrip: () => Promise<void> } | { ok: false, why: string }}
 */
export function findFloor(double) {
  if (double?.ok && typeof double.controls.roundTrip === 'function') {
    return {
      ok: true,
      kind: 'testDouble.roundTrip: a no-op through RunLoopThread::Post and back through Bridge::Send, the provider\'s own classes',
      roundTrip: () => new Promise((resolve) => double.controls.roundTrip(resolve)),
    };
  }
  const runLoop = double?.ok ? runLoopFloor() : { ok: false, why: 'no double build' };
  if (runLoop.ok) return runLoop;
  const plain = conditionVariableFloor();
  return plain.ok ? { ...plain, kind: `${plain.kind}; the run-loop floor is missing: ${runLoop.why}` } : plain;
}

const floorBuild = join(root, 'bench/native/build');
const runLoopBuild = join(root, 'bench/native/build-runloop');

function localNodeHeaders() {
  const header = '/usr/include/node/node_version.h';
  return existsSync(header) && readFileSync(header, 'utf8').includes(`NODE_MAJOR_VERSION ${process.versions.node.split('.')[0]}`);
}

function newerThan(output, inputs) {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return inputs.every((input) => statSync(input).mtimeMs <= built);
}

function runTool(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return `${command}: ${result.error.message}`;
  return result.status === 0 ? undefined : `${command} failed: ${(result.stderr || result.stdout).trim().split('\n').slice(0, 3).join(' ')}`;
}

/** The run-loop floor, built with clang against GNUstep as the double is (test/native/double.gypi). */
export function runLoopFloor() {
  const output = join(runLoopBuild, 'runloop_floor.node');
  const source = join(root, 'bench/native/runloop_floor.cc');
  const thread = join(root, 'native/darwin/cl_thread.mm');
  if (!existsSync(thread)) return { ok: false, why: 'native/darwin/cl_thread.mm is missing' };
  if (!newerThan(output, [source, thread, join(root, 'native/darwin/cl_thread.h')])) {
    if (!localNodeHeaders()) return { ok: false, why: 'no Node headers in /usr/include/node for this Node' };
    const gcc = spawnSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' });
    const objcHeaders = join(gcc.stdout.trim(), 'objc');
    if (gcc.status !== 0 || !existsSync(join(objcHeaders, 'objc.h'))) return { ok: false, why: 'no GNU Objective-C runtime headers' };
    // clang does not look in gcc's private include folder: give it one of its own.
    mkdirSync(runLoopBuild, { recursive: true });
    const include = join(runLoopBuild, 'objc-include');
    rmSync(include, { recursive: true, force: true });
    mkdirSync(join(include, 'objc'), { recursive: true });
    for (const name of readdirSync(objcHeaders)) symlinkSync(join(objcHeaders, name), join(include, 'objc', name));
    writeFileSync(join(include, 'objc', 'blocks_runtime.h'), '#include <Block.h>\n');
    const objcFlags = [
      '-x', 'objective-c++', '-std=c++17', '-fobjc-runtime=gcc', '-fblocks', '-fexceptions', '-fobjc-exceptions',
      '-fconstant-string-class=NSConstantString', '-fno-strict-aliasing', '-fPIC', '-pthread', '-DGNUSTEP',
      '-DGNUSTEP_BASE_LIBRARY=1', '-DGNU_RUNTIME=1', '-D_NATIVE_OBJC_EXCEPTIONS', `-I${include}`, '-I/usr/include/GNUstep', '-O2',
    ];
    const failed =
      runTool('clang++', [...objcFlags, '-c', thread, '-o', join(runLoopBuild, 'cl_thread.o')]) ??
      runTool('clang++', [
        '-std=c++17', '-fPIC', '-fexceptions', '-O2', '-DNAPI_VERSION=8', '-DNODE_ADDON_API_DISABLE_DEPRECATED',
        '-I/usr/include/node', `-I${require('node-addon-api').include_dir}`, '-c', source, '-o', join(runLoopBuild, 'runloop_floor.o'),
      ]) ??
      runTool('clang++', [
        '-shared', '-o', output, join(runLoopBuild, 'runloop_floor.o'), join(runLoopBuild, 'cl_thread.o'),
        '-Wl,--no-as-needed', '-lBlocksRuntime', '-lgnustep-base', '-lobjc', '-pthread',
      ]);
    if (failed) return { ok: false, why: `bench/native/runloop_floor.cc did not build: ${failed}` };
  }
  const floor = require(output);
  return {
    ok: true,
    kind: 'bench/native/runloop_floor.cc: no-op to a RunLoopThread (native/darwin/cl_thread.mm, NSRunLoop on GNUstep) and back',
    roundTrip: () => new Promise((resolve) => floor.roundTrip(resolve)),
  };
}

/** The condition-variable floor, built with node-gyp. */
export function conditionVariableFloor() {
  const built = join(floorBuild, 'Release/tsfn_floor.node');
  if (!existsSync(built)) {
    const nodeGyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js');
    if (!localNodeHeaders() || !existsSync(nodeGyp)) {
      return { ok: false, why: 'bench/native/tsfn_floor.cc is not built and cannot be here (no local Node headers or node-gyp)' };
    }
    const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--directory', join(root, 'bench/native')], {
      env: { ...process.env, npm_config_nodedir: '/usr' },
      encoding: 'utf8',
    });
    if (result.status !== 0) return { ok: false, why: `bench/native/tsfn_floor.cc did not build: ${result.stderr.trim().split('\n').pop()}` };
  }
  const floor = require(built);
  return {
    ok: true,
    kind: 'bench/native/tsfn_floor.cc: no-op to a std::thread on a condition variable and back',
    roundTrip: () => new Promise((resolve) => floor.roundTrip(resolve)),
  };
}
