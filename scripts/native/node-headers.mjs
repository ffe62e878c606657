/**
 * Where node-gyp can find this Node's headers without a download: Debian's
 * nodejs puts them under /usr/include/node. Used only when they are this very
 * Node's (same version), since other headers build an addon that will not load.
 * Shipped: the install script uses it.
 */
import { existsSync, readFileSync } from 'node:fs';

/** '/usr' when /usr/include/node holds this Node's headers, else undefined (node-gyp downloads them). */
export function localNodeDir() {
  const header = '/usr/include/node/node_version.h';
  if (!existsSync(header)) return undefined;
  const text = readFileSync(header, 'utf8');
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` === process.version ? '/usr' : undefined;
}
