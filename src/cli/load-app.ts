/**
 * Loads the rest of the command (app.ts) on the first command that needs it.
 * In the built CLI that is dist/cli/app.cjs, beside main.cjs, required
 * through V8's code cache (see code-cache.ts); run from source (the tests),
 * it is the module itself.
 */
import { join } from 'node:path';
import type * as AppModule from './app.js';
import { requireWithCodeCache } from './code-cache.js';

export type App = typeof AppModule;

/** Set by scripts/build.mjs in the CommonJS CLI build only. */
declare const WHEREAMI_CLI_BUILD: boolean | undefined;

let loaded: Promise<App> | undefined;

export function loadApp(): Promise<App> {
  loaded ??=
    typeof WHEREAMI_CLI_BUILD !== 'undefined' && WHEREAMI_CLI_BUILD
      ? // main.cjs's own require serves app.cjs: both are in dist/cli, so every
        // path app.cjs requires resolves the same from either.
        Promise.resolve().then(() => requireWithCodeCache(join(import.meta.dirname, 'app.cjs'), require) as App)
      : import('./app.js');
  return loaded;
}
