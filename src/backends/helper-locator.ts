/** Finds the whereami-helper executable. */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './addon-loader.js';

export type HelperLookup = { ok: true; path: string } | { ok: false; failures: string[] };

export function helperCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env['WHEREAMI_HELPER_PATH']) return [env['WHEREAMI_HELPER_PATH']];
  return ['Release', 'Debug'].map((config) => join(PACKAGE_ROOT, 'build', config, 'whereami-helper'));
}

export function findHelper(env: NodeJS.ProcessEnv = process.env): HelperLookup {
  const failures: string[] = [];
  for (const path of helperCandidates(env)) {
    try {
      accessSync(path, constants.X_OK);
      return { ok: true, path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failures.push(`${path}: ${code === 'ENOENT' ? 'not built' : 'not executable'}`);
    }
  }
  return { ok: false, failures };
}
