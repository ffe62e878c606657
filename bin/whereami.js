#!/usr/bin/env node
// The `whereami` command; everything lives in dist/cli (built from src/cli).
import { main } from '../dist/cli/main.js';

await main();
