/**
 * The prebuilds' file names, as prebuildify 6 writes them: release.yml checks
 * the names scripts/native/prebuild-names.mjs gives (a release built on a
 * Mac once checked for node.napi.node, a name prebuildify 6 never writes),
 * and node-gyp-build, whose rules the loader asks, picks those names in Node
 * and in Electron.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { requireGypBuild } from '../../src/backends/prebuilds.js';
// @ts-expect-error: a build script in plain JavaScript, with no declarations
import { addonFileName, prebuildFolder } from '../../scripts/native/prebuild-names.mjs';

const names = {
  addonFileName: addonFileName as (packageName: string, platform: string, libc?: string) => string,
  prebuildFolder: prebuildFolder as (platform: string, arch: string) => string,
};
const root = new URL('../../', import.meta.url);
const packageName = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { name: string }).name;
const release = readFileSync(new URL('.github/workflows/release.yml', root), 'utf8');

describe('prebuild file names', () => {
  it('release.yml checks for every platform the names prebuild.mjs makes, and no other addon name', () => {
    const expected = [
      `prebuilds/${names.prebuildFolder('darwin', 'arm64')}/${names.addonFileName(packageName, 'darwin')}`,
      `prebuilds/${names.prebuildFolder('linux', 'x64')}/${names.addonFileName(packageName, 'linux')}`,
      `prebuilds/${names.prebuildFolder('linux', 'arm64')}/${names.addonFileName(packageName, 'linux')}`,
    ];
    expect(expected).toEqual([
      'prebuilds/darwin-x64+arm64/node-whereami.node',
      'prebuilds/linux-x64/node-whereami.glibc.node',
      'prebuilds/linux-arm64/node-whereami.glibc.node',
    ]);
    const named = new Set(release.match(/prebuilds\/[^\s/]+\/[^\s/]+\.node/g));
    expect([...named].sort()).toEqual([...expected].sort());
  });

  it("node-gyp-build's rules pick the Linux name in Node and in Electron, whatever the ABI", () => {
    const gyp = requireGypBuild(createRequire(import.meta.url));
    const file = names.addonFileName(packageName, 'linux');
    const tags = gyp.parseTags(file);
    for (const [runtime, abi] of [['node', process.versions.modules], ['electron', '128']] as const) {
      expect(gyp.matchTags(runtime, abi)(tags), `${runtime} ABI ${abi}`).toBe(true);
    }
    // Control: a build tagged for another runtime's ABI is refused, so the match above means something.
    expect(gyp.matchTags('node', process.versions.modules)(gyp.parseTags('node.abi1.node'))).toBe(false);
  });
});
