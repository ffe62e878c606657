#!/usr/bin/env node
// The `whereami` command; everything lives in dist/cli (built from src/cli).
// CommonJS, as dist/cli is: starting Node's ES module loader for the command
// would cost more than the rest of our start-up (see scripts/build.mjs).
'use strict';

require('../dist/cli/main.cjs').main();
