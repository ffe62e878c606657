#!/usr/bin/env node
// Prints the named lists of test/native/double-sources.json, space-separated,
// for gyp's <!@(...) expansion: `node test/native/double-sources.mjs addon darwin double`.
import { readFileSync } from 'node:fs';

const lists = JSON.parse(readFileSync(new URL('./double-sources.json', import.meta.url), 'utf8'));
const names = process.argv.slice(2);
const unknown = names.filter((name) => name === '//' || !Array.isArray(lists[name]));
if (names.length === 0 || unknown.length > 0) {
  console.error(`double-sources: unknown list ${unknown.join(', ') || '(none given)'}`);
  process.exit(2);
}
console.log(names.flatMap((name) => lists[name]).join(' '));
