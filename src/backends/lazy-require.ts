/**
 * One CommonJS require for what the backends load on first use (the addon,
 * node-gyp-build's rules, node:child_process, fast-xml-parser), itself made on
 * first use. createRequire is not free: measured in a fresh process, the first
 * call costs about 1.1 ms in an ES module process and 0.4 ms in the CLI's
 * CommonJS bundle, each later one 0.08-0.16 ms; four made at import time were
 * paid by every process that imported the package, even one that never
 * loaded anything.
 */
let require: NodeJS.Require | undefined;

/** require(id), resolved from this package's own modules. */
export function lazyRequire(id: string): unknown {
  // Taken, not imported: importing node:module gives it an ES module facade whose
  // making costs more than the rest of this file (about 11 million instructions).
  require ??= process.getBuiltinModule('node:module').createRequire(import.meta.url);
  return require(id);
}
