/**
 * A callback that throws: the spec invokes callbacks with "report", so the
 * exception surfaces as an error of its own task (Node: uncaughtException),
 * not as an unhandled promise rejection, and does not stop other callbacks.
 * Run in a child process, so the exception cannot disturb the test runner.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, staleBuild } from '../testing/dist.js';

describe('exceptions thrown by callbacks', () => {
  it('are reported as uncaught exceptions and do not stop other callbacks', () => {
    const stale = staleBuild();
    expect(stale, stale).toBeUndefined();
    const run = spawnSync(process.execPath, ['test/geolocation/fixtures/throwing-callback.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('uncaught: thrown by the first callback');
    expect(run.stdout).toContain('second callback ran');
    expect(run.stdout).not.toContain('unhandled rejection');
  });
});
