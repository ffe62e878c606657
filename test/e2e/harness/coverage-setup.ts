/**
 * Under npm run coverage:native:linux (LLVM_PROFILE_FILE set), the
 * instrumented addon writes its counters when the process exits. Vitest ends
 * each fork with SIGTERM, whose default action kills the process with no exit
 * handler run, and the counters of every in-process test are lost (an empty
 * profile): exit on SIGTERM instead, as vitest itself does under --cpu-prof.
 */
const INSTALLED = Symbol.for('whereami.e2e.coverage-exit');
const scope = globalThis as { [INSTALLED]?: boolean };

if (process.env['LLVM_PROFILE_FILE'] && !scope[INSTALLED]) {
  scope[INSTALLED] = true;
  process.once('SIGTERM', () => process.exit());
}
