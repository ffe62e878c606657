/**
 * Loads the rest of the command (app.ts) on the first command that needs it.
 * In the built CLI that is dist/cli/app.cjs, beside main.cjs, required
 * through V8's code cache (see code-cache.ts); run from source (the tests),
 * it is the module itself.
 */
import { fileURLToPath } from 'node:url';
import type * as AppModule from './app.js';
import { requireWithCodeCache } from './code-cache.js';

export type App = typeof AppModule;

/** Set by scripts/build.mjs in the CommonJS CLI build only. */
declare const WHEREAMI_CLI_BUILD: boolean | undefined;

let loaded: Promise<App> | undefined;

export function loadApp(): Promise<App> {
  loaded ??=
    typeof WHEREAMI_CLI_BUILD !== 'undefined' && WHEREAMI_CLI_BUILD
      ? Promise.resolve().then(() => requireWithCodeCache(fileURLToPath(new URL('./app.cjs', import.meta.url))) as App)
      : import('./app.js');
  return loaded;
}
