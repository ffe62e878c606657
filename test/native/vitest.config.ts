import { defineConfig } from 'vitest/config';
import NoSkipsReporter, { requireAll } from '../support/no-skips-reporter.js';

// The native suite: run by scripts/native/test-native.mjs once per build of
// the CoreLocation double (node-gyp, cmake-js), with WHEREAMI_DOUBLE_ADDON
// naming the .node file. Forks, never threads: the GNUstep build must be
// loaded on a process's main thread first (see native/addon/addon.cc).
export default defineConfig({
  test: {
    // Suites that run dist/ build it first; in CI (WHEREAMI_REQUIRE_ALL=1) a skipped test fails the run.
    globalSetup: ['test/support/build-dist.ts'],
    reporters: requireAll() ? ['default', new NoSkipsReporter()] : ['default'],
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/native/**/*.test.ts'],
    pool: 'forks',
    setupFiles: ['test/native/support/coverage-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
