/**
 * Vitest global setup for the e2e suite: build its native tools before any
 * test file starts, so no hook's timeout includes a C++ compile (the ASan
 * teardown sweep alone took 38 s on a loaded CI machine). Where the tools
 * cannot be built (not Linux, no gio-2.0), the suites that need them say
 * why they skip; nothing is built here.
 */
import { execFileSync } from 'node:child_process';
import { nativeTools } from './native-tools.js';

export default function setup(): void {
  if (process.platform !== 'linux') return;
  try {
    execFileSync('pkg-config', ['--exists', 'gio-2.0']);
  } catch {
    return;
  }
  nativeTools();
}
