/**
 * Loads the rest of the command (app.ts) on the first command that needs it.
 * In the built CLI that is dist/cli/app.cjs, run by bin/whereami.cjs through
 * V8's code cache (see code-cache.ts); run from source (the tests), it is the
 * module itself.
 */
import { join } from 'node:path';
import type * as AppModule from './app.js';
import { requireWithCodeCache, type CacheProfile } from './code-cache.js';

export type App = typeof AppModule;

/** Set by scripts/build.mjs in the CommonJS CLI build only. */
declare const WHEREAMI_CLI_BUILD: boolean | undefined;
/** Set with it: app.cjs's path from the folder of the bin. */
declare const WHEREAMI_CLI_APP: string;

let loaded: Promise<App> | undefined;

/**
 * The kind of command `argv` asks for, told by its first word without
 * parsing (parsing is app.cjs's, and this decides how app.cjs loads). The
 * usage puts a subcommand first; written elsewhere it only gets the locate
 * cache, which fits it less well.
 */
export function cacheProfileOf(argv: readonly string[]): CacheProfile {
  const word = argv[0];
  return word === 'status' || word === 'request-permission' || word === 'serve' ? word : 'locate';
}

/** The rest of the command; `profile` picks the code cache it loads with (the first call's is kept). */
export function loadApp(profile: CacheProfile = 'locate'): Promise<App> {
  loaded ??=
    typeof WHEREAMI_CLI_BUILD !== 'undefined' && WHEREAMI_CLI_BUILD
      ? // The bin's own require serves app.cjs: both are inside the package, so
        // every package app.cjs requires resolves the same from either, and
        // app.cjs requires no file of its own by a relative path.
        Promise.resolve().then(() => requireWithCodeCache(join(import.meta.dirname, WHEREAMI_CLI_APP), require, profile) as App)
      : import('./app.js');
  return loaded;
}
