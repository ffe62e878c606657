import { defineConfig } from 'vitest/config';

// The end-to-end suite against a real GeoClue daemon (test/e2e/harness).
// One file at a time: each starts its own bus and daemon, and the timing
// figures it reports should not compete for the two CI cores. Forks, never
// threads: the tests set DBUS_SYSTEM_BUS_ADDRESS, which the native provider
// reads with getenv(), and a worker's process.env is only a copy.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
