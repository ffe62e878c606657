/**
 * The `whereami` command. scripts/build.mjs bundles this file with main.ts
 * into bin/whereami.cjs, the package's `bin`: one CommonJS file that Node
 * runs without resolving, reading and compiling a second one first (that
 * hop cost about 2 million instructions, 3% of `node -e 0`). The rest of the
 * command, dist/cli/app.cjs, loads on the first command that needs it.
 */
import { main } from './main.js';

void main();
