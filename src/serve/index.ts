/**
 * node-whereami/serve: share this machine's location with programs that
 * speak the gpsd JSON protocol or NMEA 0183 (gpspipe, cgps, OpenCPN, QGIS,
 * a Linux location service's NMEA-socket source, gpsd itself).
 *
 * ```js
 * import { LocationServer, formatNmea } from 'node-whereami/serve';
 * const server = new LocationServer({ listen: { port: 2947 } });
 * await server.listen();
 * ```
 */
export {
  LocationServer,
  isLoopback,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_CLIENTS,
  GPSD_PORT,
  MAX_REQUEST_LINE_BYTES,
  NMEA_PORT,
} from './location-server.js';
export type { FixSource, ListenAddress, LocationServerOptions, ServerAddresses, ServerStats } from './location-server.js';
export {
  DEFAULT_SENTENCES,
  HDOP_UERE_METRES,
  formatNmea,
  formatNmeaNoFix,
  hdopFromAccuracy,
  nmeaChecksum,
  nmeaDate,
  nmeaLatitude,
  nmeaLongitude,
  nmeaSentence,
  nmeaTime,
} from './nmea.js';
export type { NmeaOptions, NmeaSentenceType } from './nmea.js';
export { EPH_PER_ACCURACY, EPXY_PER_ACCURACY, PROTOCOL_MAJOR, PROTOCOL_MINOR, tpvFromFix } from './gpsd-json.js';
export type { GpsdObject } from './gpsd-json.js';
export type { DropReason } from './connection.js';
