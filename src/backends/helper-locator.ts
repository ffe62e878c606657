/**
 * Finds the whereami-helper executable (macOS): the prebuilt one beside the
 * addon prebuild first, then a local build. A failed lookup names every path
 * it tried and why.
 */
import { packageRoot } from '../package-root.js';
import { prebuildDir } from './prebuilds.js';

// Taken, not imported: an imported builtin gets an ES module facade, and
// making one measurably adds to `import 'node-whereami'` (see package-root.ts).
const nodePath = process.getBuiltinModule('node:path');
const { accessSync, constants } = process.getBuiltinModule('node:fs');

export type HelperLookup = { ok: true; path: string } | { ok: false; failures: string[] };

type Candidate = { path: string } | { missing: string };

function candidates(env: NodeJS.ProcessEnv): Candidate[] {
  if (env['WHEREAMI_HELPER_PATH']) return [{ path: env['WHEREAMI_HELPER_PATH'] }];
  const root = packageRoot();
  const dir = prebuildDir(root);
  const local = ['Release', 'Debug'].map((config) => ({ path: nodePath.join(root, 'build', config, 'whereami-helper') }));
  return [dir.ok ? { path: nodePath.join(dir.dir, 'whereami-helper') } : { missing: dir.why }, ...local];
}

/** Every path the lookup would try, in order. */
export function helperCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return candidates(env).flatMap((candidate) => ('path' in candidate ? [candidate.path] : []));
}

export function findHelper(env: NodeJS.ProcessEnv = process.env): HelperLookup {
  const failures: string[] = [];
  for (const candidate of candidates(env)) {
    if ('missing' in candidate) {
      failures.push(candidate.missing);
      continue;
    }
    try {
      accessSync(candidate.path, constants.X_OK);
      return { ok: true, path: candidate.path };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failures.push(`${candidate.path}: ${code === 'ENOENT' ? 'not built' : 'not executable'}`);
    }
  }
  return { ok: false, failures };
}
