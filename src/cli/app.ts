/**
 * All that `whereami` needs beyond --version, behind one import in main.ts:
 * the bundle makes this one file (plus what it shares with `serve`), loaded in
 * one round, instead of a round for the parser and another for the command.
 */
export { badBackendEnv, parseCommand, UsageError } from './args.js';
export { colorEnabled, painter } from './color.js';
export { runCommand } from './command.js';
export { renderBug } from './error-report.js';
export { helpText, USAGE_LINE } from './usage.js';
// Also here, not only in main.ts: what main.ts and this module both import
// lands in one shared chunk, and the version module then shares it with the
// exit codes instead of being a file of its own.
export { packageVersion } from './version.js';
