/**
 * Tests that run the package as users import it ('node-whereami/testing'
 * resolves through package.json exports to dist/) need a build that is not
 * older than the sources: say so instead of testing stale code.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** A message saying why dist/ cannot be trusted, or undefined when it can. */
export function staleBuild(): string | undefined {
  const dist = join(ROOT, 'dist');
  for (const entry of ['index.js', 'testing/index.js', 'geolocation/index.js']) {
    if (!existsSync(join(dist, entry))) return `dist/${entry} is missing: run \`npm run build\` first`;
  }
  for (const source of ['testing', 'geolocation']) {
    if (newest(join(ROOT, 'src', source)) > newest(join(dist, source))) {
      return `dist/${source} is older than src/${source}: run \`npm run build\` first`;
    }
  }
  return undefined;
}
