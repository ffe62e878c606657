/** The UNSUPPORTED_PLATFORM error: why nothing could serve, and what would fix it. */
import { LocationError } from '../../errors.js';
import { GEOCLUE_SETUP_HINT } from './geoclue.js';

const SIMULATE_HINT = 'To try it anyway, simulate a position: WHEREAMI_SIMULATE=52.52,13.405 (or whereami --simulate 52.52,13.405).';

/** The hint says why the addon did not load and what fixes it (see loadHint), then how to simulate. */
export function unsupportedError(message: string, platform: NodeJS.Platform, addonHint?: string): LocationError {
  const parts = [addonHint, platform === 'linux' ? GEOCLUE_SETUP_HINT : undefined, SIMULATE_HINT];
  return new LocationError('UNSUPPORTED_PLATFORM', message, { hint: parts.filter(Boolean).join(' ') });
}
