import { defineConfig } from 'vitest/config';

// The native suite: run by scripts/native/test-native.mjs once per build of
// the CoreLocation double (node-gyp, cmake-js), with WHEREAMI_DOUBLE_ADDON
// naming the .node file. Forks, never threads: the GNUstep build must be
// loaded on a process's main thread first (see native/addon/addon.cc).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/native/**/*.test.ts'],
    pool: 'forks',
    setupFiles: ['test/native/support/coverage-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
