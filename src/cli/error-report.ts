/**
 * How a failure reads on stderr: one line saying what happened, then one line
 * saying what to do about it. The error's own hint wins (the backend knows
 * most); the CLI supplies one where the error carries none.
 */
import { platformHint } from '../backends/hints/platform.js';
import { INVALID_SIMULATION_HINT } from '../backends/simulation/invalid.js';
import type { Painter } from './color.js';

export { MACOS_LOCATION_PANE } from '../backends/hints/corelocation.js';

/** The parts of a LocationError the report needs; works on plain objects too. */
export interface Reportable {
  message: string;
  code?: string;
  hint?: string | undefined;
}

export function fallbackHint(code: string | undefined, platform: NodeJS.Platform): string | undefined {
  // What to change in the OS's settings is the backends' knowledge.
  const fromPlatform = platformHint(code, platform);
  if (fromPlatform !== undefined) return fromPlatform;
  switch (code) {
    case 'TIMEOUT':
      return 'Try again with a longer --timeout, or where Wi-Fi or GPS reception is better.';
    case 'UNSUPPORTED_PLATFORM':
      return 'To try it anyway, simulate a position: whereami --simulate 52.52,13.405';
    case 'INVALID_SIMULATION':
      return INVALID_SIMULATION_HINT;
    case 'GEOCODER_RATE_LIMITED':
      return 'Wait a minute before asking for addresses again; with --watch, use --distance to look up fewer fixes.';
    case 'NETWORK':
      return 'Check the network connection.';
    case 'BACKEND_FAILURE':
      return 'This is a bug in node-whereami or its backend; please report it with the output of `whereami status`.';
    default:
      return undefined;
  }
}

/** "whereami: <message>" and, when there is one, "  hint: <hint>", each ending in a newline. */
export function renderError(error: Reportable, platform: NodeJS.Platform, paint: Painter): string {
  const hint = error.hint ?? fallbackHint(error.code, platform);
  let out = `${paint.red(paint.bold('whereami:'))} ${error.message}\n`;
  if (hint) out += `  ${paint.yellow('hint:')} ${hint}\n`;
  return out;
}

/** A note that is not a failure of the whole command (e.g. an address that could not be found). */
export function renderNote(message: string, paint: Painter): string {
  return `${paint.yellow('whereami:')} ${message}\n`;
}

/**
 * An exception nothing expected is a bug: one line that says so and asks for
 * a report, and the stack only when asked for (--debug or WHEREAMI_DEBUG=1).
 */
export function renderBug(error: unknown, debug: boolean, paint?: Painter): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const name = error instanceof Error ? `${error.name}: ` : '';
  const how = debug ? 'the stack follows' : 'run again with --debug (or WHEREAMI_DEBUG=1) for the stack';
  const label = paint ? paint.red(paint.bold('whereami:')) : 'whereami:';
  let out = `${label} unexpected error: ${name}${message}. This is a bug in whereami: please report it (${how}).\n`;
  if (debug && error instanceof Error && error.stack) out += `${error.stack}\n`;
  return out;
}
