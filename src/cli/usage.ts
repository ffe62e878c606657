/** The help text and the one-line usage shown after a usage error. */
import { EXIT } from './exit-codes.js';
import { TOKENS } from './format-template.js';

export const USAGE_LINE =
  'Usage: whereami [--json | --geojson | --format TEMPLATE | --nmea] [--watch] [options]\n' +
  '       whereami status | request-permission [--json] [--backend NAME] [--simulate SPEC]\n' +
  '       whereami serve [--listen ADDR] [--nmea-listen ADDR] [--max-clients N] [options]';

function tokenList(): string {
  const names = Object.keys(TOKENS);
  const width = Math.max(...names.map((name) => name.length)) + 4;
  return names.map((name) => `  ${`{${name}}`.padEnd(width)}${TOKENS[name]?.help ?? ''}`).join('\n');
}

export function helpText(): string {
  return `whereami: where is this computer?

${USAGE_LINE}

Prints this computer's position: CoreLocation on macOS, GeoClue2 on Linux, or a
simulated position anywhere.

Commands:
  (none)                  get one fix (or a stream of them with --watch)
  status                  permission, Location Services, accuracy authorization,
                          and which backend would be used and why
  request-permission      ask for location permission (shows the OS prompt where
                          one is possible)
  serve                   share the position with other programs: the gpsd JSON
                          protocol (gpspipe, cgps, OpenCPN, QGIS) and raw NMEA;
                          the provider is asked only while a client watches
  help                    this text

Output (one of; default: a few lines for people):
  -j, --json              one JSON object; with --watch, one object per line (NDJSON)
      --geojson           a GeoJSON Feature (Point, [longitude, latitude]);
                          with --watch, one Feature per line
  -f, --format TEMPLATE   fill TEMPLATE's {tokens} (below); a newline ends each fix
      --nmea              NMEA 0183 sentences (GGA and RMC) for each fix

Options:
  -w, --watch             keep printing fixes until interrupted (Ctrl-C)
  -d, --distance METRES   with --watch, only fixes this far from the last one
  -t, --timeout DURATION  longest wait for a fix: 10, 10s, 500ms, 2m or inf
                          (default 30s; a watch has none unless given, and
                          then it bounds the wait for each fix)
  -a, --accuracy LEVEL    best, nearestTenMeters, hundredMeters (default),
                          kilometer, threeKilometers, or metres (0 = best)
      --approximate       only an approximate position: the centre of an area
                          of a few km, no altitude, speed or course
  -m, --max-age DURATION  accept a cached fix up to this old (default 0)
  -A, --address           also look up the street address (where the backend can)
  -b, --backend NAME      auto (default), addon, helper or simulated
  -s, --simulate SPEC     simulate: "lat,lon[,accuracy]" or a .gpx/.geojson track
                          (same as WHEREAMI_SIMULATE; forces --backend simulated)
  -h, --help              show this help

Serve options:
      --listen ADDR       gpsd protocol address: PORT, HOST:PORT or [IPv6]:PORT
                          (default 127.0.0.1:2947; a non-loopback address is
                          reachable by anyone on the network, and says so)
      --nmea-listen ADDR  also serve raw NMEA 0183 over TCP (its port is 10110)
      --max-clients N     clients at once; more are refused (default 32)
  -V, --version           show the version
      --debug             print the stack of an unexpected error (a bug)

Format tokens ({{ and }} are literal braces; \\n, \\t and \\\\ are escapes;
a value the fix lacks is empty; address tokens imply --address):
${tokenList()}

Exit codes:
  ${EXIT.OK}  success              ${EXIT.FAILURE}  other failure         ${EXIT.USAGE}  usage error
  ${EXIT.PERMISSION_DENIED}  permission denied    ${EXIT.SERVICES_DISABLED}  services disabled     ${EXIT.POSITION_UNAVAILABLE}  position unavailable
  ${EXIT.TIMEOUT}  timeout              ${EXIT.UNSUPPORTED_PLATFORM}  unsupported platform  ${EXIT.ADDRESS_UNAVAILABLE}  fix printed, address unavailable
  ${EXIT.INTERRUPTED_SIGINT}/${EXIT.INTERRUPTED_SIGTERM}  one-shot interrupted by SIGINT/SIGTERM (a watch so stopped exits 0)

Environment:
  WHEREAMI_SIMULATE       as --simulate
  WHEREAMI_BACKEND        as --backend, when --backend is not given
  NO_COLOR                no colour even on a terminal
  WHEREAMI_DEBUG          1: as --debug

Examples:
  whereami
  whereami --simulate 52.52,13.405 --json
  whereami --format '{lat},{lon} ±{accuracy} m'
  whereami --format '{city}, {country}'          (looks up the address)
  whereami --watch --json --distance 25 | jq -c '[.latitude, .longitude]'
  whereami --simulate ride.gpx --watch
  whereami status
  whereami --nmea --watch --simulate ride.gpx
  whereami serve --nmea-listen 10110     then: gpspipe -w
  whereami --timeout 10s || echo "exit $?: see whereami --help"
`;
}
