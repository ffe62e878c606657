/**
 * Under npm run coverage:native, each test file's process writes its
 * coverage counters when its tests end: vitest may end a fork without the
 * exit handlers that would write them.
 */
import { afterAll } from 'vitest';
import { doubleAvailable, loadDouble } from './double.js';

afterAll(() => {
  if (process.env['LLVM_PROFILE_FILE'] && doubleAvailable()) loadDouble().testDouble.flushCoverage();
});
