#!/usr/bin/env node
// Prints (after creating it) an include folder whose objc/ holds the GNU
// Objective-C runtime headers, for clang -fobjc-runtime=gcc on Linux: clang
// does not look in gcc's private include folder, where Debian's libobjc4
// headers live. Also adds objc/blocks_runtime.h, which GNUstep includes for
// blocks and which libBlocksRuntime spells <Block.h>.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'build-double', 'objc-include');

function gccObjcDir() {
  for (const compiler of ['gcc', 'cc']) {
    try {
      const dir = execFileSync(compiler, ['-print-file-name=include'], { encoding: 'utf8' }).trim();
      if (existsSync(join(dir, 'objc', 'objc.h'))) return join(dir, 'objc');
    } catch {
      // try the next one
    }
  }
  throw new Error('No GNU Objective-C runtime headers found (apt-get install gobjc libobjc-12-dev).');
}

const source = gccObjcDir();
const target = join(out, 'objc');
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source)) symlinkSync(join(source, name), join(target, name));
writeFileSync(join(target, 'blocks_runtime.h'), '#include <Block.h>\n');
process.stdout.write(out);
