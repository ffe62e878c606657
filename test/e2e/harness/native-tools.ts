/**
 * Builds the end-to-end tests' native tools into build-e2e/: the test agent
 * (C), the standalone provider driver (C++, native/linux with no Node), the
 * teardown sweep (the same, with AddressSanitizer) and the mapping checks,
 * with the same pkg-config libraries the addon uses. Rebuilt when a source
 * is newer than the binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../src/package-root.js';

const PACKAGE_ROOT = packageRoot();

export interface NativeTools {
  agent: string;
  driver: string;
  /** Tears requests down at every point of their life (gc_teardown.cc); ASan reports a use after free. */
  teardown: string;
  /** Checks of native/linux/gc_mapping.cc alone. */
  mappingTest: string;
}

// npm run coverage:native:linux sets this: the C++ tools (native/linux) are
// built with clang's coverage instrumentation there instead, and each run
// writes its profile to LLVM_PROFILE_FILE, as the instrumented addon does
// (test/e2e/instrumented/CMakeLists.txt says why counter relocation).
const COVERAGE_DIR = process.env['WHEREAMI_E2E_COVERAGE_DIR'];
const OUT = COVERAGE_DIR ?? join(PACKAGE_ROOT, 'build-e2e');
const CXX = COVERAGE_DIR ? 'clang++' : 'c++';
const CXX_FLAGS = COVERAGE_DIR
  ? ['-std=c++17', '-O0', '-g', '-Wall', '-fprofile-instr-generate', '-fcoverage-mapping', '-mllvm', '-runtime-counter-relocation']
  : ['-std=c++17', '-O1', '-g', '-Wall'];
// Under coverage the teardown sweep counts lines instead: ASan and the
// profile runtime are not built together here.
const SANITIZE = COVERAGE_DIR ? [] : ['-fsanitize=address,undefined', '-fno-omit-frame-pointer'];

function newest(paths: string[]): number {
  return Math.max(...paths.map((path) => statSync(path).mtimeMs));
}

function build(output: string, sources: string[], compiler: string, flags: string[], inputs = sources): void {
  const all = [...sources, ...inputs, join(PACKAGE_ROOT, 'native/provider.h')];
  if (existsSync(output) && statSync(output).mtimeMs >= newest(all)) return;
  const gio = execFileSync('pkg-config', ['--cflags', '--libs', 'gio-2.0'], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync(compiler, [...flags, '-o', output, ...sources, ...gio, '-lpthread'], { stdio: 'inherit' });
}

let tools: NativeTools | undefined;

export function nativeTools(): NativeTools {
  if (tools) return tools;
  mkdirSync(OUT, { recursive: true });
  const agent = join(OUT, 'test_agent');
  const driver = join(OUT, 'gc_driver');
  build(agent, [join(PACKAGE_ROOT, 'test/e2e/native/test_agent.c')], 'cc', ['-O1', '-Wall']);
  const linux = readdirSync(join(PACKAGE_ROOT, 'native/linux')).map((name) => join(PACKAGE_ROOT, 'native/linux', name));
  const linuxSources = linux.filter((path) => path.endsWith('.cc'));
  build(driver, [join(PACKAGE_ROOT, 'test/e2e/native/gc_driver.cc'), ...linuxSources], CXX, CXX_FLAGS, linux);
  const teardown = join(OUT, 'gc_teardown');
  build(teardown, [join(PACKAGE_ROOT, 'test/e2e/native/gc_teardown.cc'), ...linuxSources], CXX, [...CXX_FLAGS, ...SANITIZE], linux);
  const mappingTest = join(OUT, 'gc_mapping_test');
  build(
    mappingTest,
    [join(PACKAGE_ROOT, 'test/e2e/native/gc_mapping_test.cc'), join(PACKAGE_ROOT, 'native/linux/gc_mapping.cc')],
    CXX,
    CXX_FLAGS,
    linux,
  );
  tools = { agent, driver, teardown, mappingTest };
  return tools;
}
