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

type ToolName = keyof NativeTools;

/** Each tool's sources, compiler and flags; `inputs` also trigger a rebuild. */
function recipe(name: ToolName): { output: string; sources: string[]; compiler: string; flags: string[]; inputs?: string[] } {
  const linux = readdirSync(join(PACKAGE_ROOT, 'native/linux')).map((file) => join(PACKAGE_ROOT, 'native/linux', file));
  const linuxSources = linux.filter((path) => path.endsWith('.cc'));
  const native = (file: string): string => join(PACKAGE_ROOT, 'test/e2e/native', file);
  switch (name) {
    case 'agent':
      return { output: join(OUT, 'test_agent'), sources: [native('test_agent.c')], compiler: 'cc', flags: ['-O1', '-Wall'] };
    case 'driver':
      return { output: join(OUT, 'gc_driver'), sources: [native('gc_driver.cc'), ...linuxSources], compiler: CXX, flags: CXX_FLAGS, inputs: linux };
    case 'teardown':
      return {
        output: join(OUT, 'gc_teardown'),
        sources: [native('gc_teardown.cc'), ...linuxSources],
        compiler: CXX,
        flags: [...CXX_FLAGS, ...SANITIZE],
        inputs: linux,
      };
    case 'mappingTest':
      return {
        output: join(OUT, 'gc_mapping_test'),
        sources: [native('gc_mapping_test.cc'), join(PACKAGE_ROOT, 'native/linux/gc_mapping.cc')],
        compiler: CXX,
        flags: CXX_FLAGS,
        inputs: linux,
      };
  }
}

/** Each tool's path once built (or found up to date) in this process. */
const built = new Map<ToolName, string>();

/**
 * One tool, built first if a source is newer. Only that one: the stack's
 * agent (a C file, under a second to build) must not wait for the C++ tools,
 * which took 60 s on a loaded CI machine, all of it inside a 60 s hook.
 */
export function nativeTool(name: ToolName): string {
  const known = built.get(name);
  if (known !== undefined) return known;
  const { output, sources, compiler, flags, inputs } = recipe(name);
  mkdirSync(OUT, { recursive: true });
  build(output, sources, compiler, flags, inputs);
  built.set(name, output);
  return output;
}

/** Every tool, built first where needed (the e2e suite's global setup does this before any test). */
export function nativeTools(): NativeTools {
  return { agent: nativeTool('agent'), driver: nativeTool('driver'), teardown: nativeTool('teardown'), mappingTest: nativeTool('mappingTest') };
}
