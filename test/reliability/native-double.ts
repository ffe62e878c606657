/**
 * Where the addon and the helper built against the CoreLocation double are
 * (`node scripts/native/build-double.mjs`), for the reliability cases that
 * run against them; each says in its name when it is skipped for want of one.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const doubleAddon: string | undefined = [
  process.env['WHEREAMI_DOUBLE_ADDON'],
  join(root, 'build-double/gyp/whereami_double.node'),
  join(root, 'build-double/cmake/whereami_double.node'),
]
  .filter((path): path is string => path !== undefined && path !== '')
  .map((path) => resolve(path))
  .find((path) => existsSync(path));

export const doubleHelper: string | undefined =
  doubleAddon === undefined ? undefined : [join(dirname(doubleAddon), 'whereami-helper-double')].find((path) => existsSync(path));

export const NO_DOUBLE = 'skipped: the CoreLocation double is not built (node scripts/native/build-double.mjs)';
