/** Runs the real `whereami` command (bin/whereami.cjs over dist/). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../../src/package-root.js';

const PACKAGE_ROOT = packageRoot();

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PACKAGE_ROOT, 'bin/whereami.cjs'), ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
