/** The one INVALID_SIMULATION error and its hint, for the spec and the track files alike. */
import { LocationError } from '../../errors.js';

export const INVALID_SIMULATION_HINT =
  'Give WHEREAMI_SIMULATE (or --simulate) as "lat,lon[,accuracy]" (e.g. 52.52,13.405) or the path of a .gpx or .geojson track.';

export function invalidSimulation(message: string): LocationError {
  return new LocationError('INVALID_SIMULATION', message, { hint: INVALID_SIMULATION_HINT });
}
