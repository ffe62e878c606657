import { defineConfig } from 'vitest/config';
import NoSkipsReporter, { requireAll } from '../support/no-skips-reporter.js';

// The end-to-end suite against a real GeoClue daemon (test/e2e/harness).
// One file at a time: each starts its own bus and daemon, and the timing
// figures it reports should not compete for the two CI cores. Forks, never
// threads: the tests set DBUS_SYSTEM_BUS_ADDRESS, which the native provider
// reads with getenv(), and a worker's process.env is only a copy.
export default defineConfig({
  test: {
    // Suites that run dist/ build it first; in CI (WHEREAMI_REQUIRE_ALL=1) a skipped test fails the run.
    globalSetup: ['test/support/build-dist.ts', 'test/e2e/harness/build-tools.ts'],
    reporters: requireAll() ? ['default', new NoSkipsReporter()] : ['default'],
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
