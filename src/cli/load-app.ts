/**
 * Loads the rest of the command (app.ts) on the first command that needs it.
 * In the built CLI that is dist/cli/app.cjs, run by bin/whereami.cjs through
 * V8's code cache (see code-cache.ts); run from source (the tests), it is the
 * module itself.
 */
import { join } from 'node:path';
import type * as AppModule from './app.js';
import { requireWithCodeCache } from './code-cache.js';

export type App = typeof AppModule;

/** Set by scripts/build.mjs in the CommonJS CLI build only. */
declare const WHEREAMI_CLI_BUILD: boolean | undefined;
/** Set with it: app.cjs's path from the folder of the bin. */
declare const WHEREAMI_CLI_APP: string;

let loaded: Promise<App> | undefined;

export function loadApp(): Promise<App> {
  loaded ??=
    typeof WHEREAMI_CLI_BUILD !== 'undefined' && WHEREAMI_CLI_BUILD
      ? // The bin's own require serves app.cjs: both are inside the package, so
        // every package app.cjs requires resolves the same from either, and
        // app.cjs requires no file of its own by a relative path.
        Promise.resolve().then(() => requireWithCodeCache(join(import.meta.dirname, WHEREAMI_CLI_APP), require) as App)
      : import('./app.js');
  return loaded;
}
