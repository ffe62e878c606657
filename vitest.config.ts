import { defineConfig } from 'vitest/config';
import NoSkipsReporter, { requireAll } from './test/support/no-skips-reporter.js';

export default defineConfig({
  test: {
    // Suites that run dist/ build it first; in CI (WHEREAMI_REQUIRE_ALL=1) a skipped test fails the run.
    globalSetup: ['test/support/build-dist.ts'],
    reporters: requireAll() ? ['default', new NoSkipsReporter()] : ['default'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/native/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
  },
});
