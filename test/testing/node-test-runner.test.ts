/**
 * The README's example test, run as a user runs it: `node --test`, importing
 * the built package by name through its exports. The README shows the same
 * text as test/testing/fixtures/readme-example.test.mjs; this checks both.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, staleBuild } from './dist.js';

const FIXTURE = 'test/testing/fixtures/readme-example.test.mjs';

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('WHEREAMI_') || key.startsWith('VITEST')) delete env[key];
  delete env['NODE_OPTIONS'];
  return env;
}

describe('the README example test', () => {
  it('is the text the README shows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const marker = `<!-- example: ${FIXTURE} -->`;
    const at = readme.indexOf(marker);
    expect(at, `README.md must contain ${marker} above the example`).toBeGreaterThan(-1);
    const block = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
    expect(block?.[1]).toBe(readFileSync(join(ROOT, FIXTURE), 'utf8'));
  });

  it('passes under node --test, importing node-whereami, node-whereami/geolocation and node-whereami/testing', () => {
    const stale = staleBuild();
    expect(stale, stale).toBeUndefined();
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', FIXTURE], {
      cwd: ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/^# tests 4$/m);
    expect(output).toMatch(/^# pass 4$/m);
    expect(output).toMatch(/^# fail 0$/m);
  });
});
