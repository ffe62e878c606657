/**
 * The OS-specific hint for an error code, for a caller (the CLI) that knows
 * only the platform it runs on and an error that carries no hint of its own.
 */
import { CORELOCATION_CLI_HINTS } from './corelocation.js';
import { GEOCLUE_CLI_HINTS } from './geoclue.js';

export function platformHint(code: string | undefined, platform: NodeJS.Platform): string | undefined {
  if (code === undefined) return undefined;
  return platform === 'darwin' ? CORELOCATION_CLI_HINTS[code] : GEOCLUE_CLI_HINTS[code];
}
