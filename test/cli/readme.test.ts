/** The README documents every flag, token and exit code the command has. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { TOKENS } from '../../src/cli/format-template.js';
import { helpText } from '../../src/cli/usage.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = (heading: string): string => {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has "## ${heading}"`).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
};

describe('README', () => {
  it('lists every flag of --help in the CLI section', () => {
    const cli = section('CLI usage');
    const flags = new Set(helpText().match(/--[a-z][a-z-]+/g));
    expect(flags.size).toBeGreaterThan(10);
    for (const flag of flags) expect(cli, flag).toContain(`\`${flag}`);
  });

  it('lists every format token', () => {
    const cli = section('CLI usage');
    for (const name of Object.keys(TOKENS)) expect(cli, name).toContain(`\`{${name}}\``);
  });

  it('lists every exit code', () => {
    const table = section('Exit codes');
    for (const code of Object.values(EXIT)) expect(table, String(code)).toMatch(new RegExp(`^\\| [0-9, ]*\\b${code}\\b`, 'm'));
  });
});
