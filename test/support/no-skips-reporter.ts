/**
 * With WHEREAMI_REQUIRE_ALL=1 (CI), a skipped test fails the run: a suite
 * that cannot run where it should is a failure, not a skip. The one
 * exception is the suite that can only run on a Mac (test/native/macos).
 */
import type { Reporter, TestModule } from 'vitest/node';

const MAC_ONLY = /\/test\/native\/macos\//;

export function requireAll(): boolean {
  return process.env['WHEREAMI_REQUIRE_ALL'] === '1';
}

export default class NoSkipsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      if (MAC_ONLY.test(module.moduleId)) continue;
      if (module.state() === 'skipped') skipped.push(`${module.moduleId} (the whole file)`);
      for (const test of module.children.allTests()) {
        if (test.result().state === 'skipped') skipped.push(`${module.moduleId} > ${test.fullName}`);
      }
    }
    if (skipped.length === 0) return;
    process.exitCode = 1;
    console.error(`\nWHEREAMI_REQUIRE_ALL=1: ${skipped.length} test(s) skipped, and CI skips nothing:`);
    for (const line of skipped) console.error(`  skipped: ${line}`);
  }
}
