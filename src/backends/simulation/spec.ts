/**
 * Reads a simulation spec, the value of WHEREAMI_SIMULATE or --simulate:
 * "lat,lon[,accuracy]" for a fixed point, or the path of a GPX or GeoJSON
 * track that is played back in real time and then holds its last point.
 */
import { isValidLatitude, isValidLongitude } from '../../geo.js';
import { invalidSimulation } from './invalid.js';
import { parseGeoJson, parseGpx, type TrackPoint } from './track-files.js';

// Taken, not imported: an imported builtin gets an ES module facade, and
// making one measurably adds to `import 'node-whereami'` (see package-root.ts).
const nodePath = process.getBuiltinModule('node:path');
const { readFileSync } = process.getBuiltinModule('node:fs');

/** Metres reported for a fixed point given without an accuracy. */
export const DEFAULT_SIMULATED_ACCURACY = 5;
/** Spacing of track points that carry no time. */
export const UNTIMED_POINT_SPACING_MS = 1000;

export interface TimedPoint extends TrackPoint {
  /** Milliseconds after the start of playback. */
  at: number;
}

export interface Track {
  points: TimedPoint[];
  accuracy: number;
  /** What the track came from, for messages and backend info. */
  source: string;
}

const invalid = invalidSimulation;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parsePoint(spec: string): Track | undefined {
  const parts = spec.split(',').map((part) => part.trim());
  if (parts.length < 2 || parts.length > 3 || !parts.every((part) => NUMBER.test(part))) {
    // Something that looks like coordinates but is not quite is a typo, not a path.
    if (/^[\s\d.,+-]+$/.test(spec)) {
      throw invalid(`Cannot simulate from ${JSON.stringify(spec)}: expected "lat,lon" or "lat,lon,accuracy" in decimal degrees.`);
    }
    return undefined;
  }
  const [latitude, longitude, accuracy = DEFAULT_SIMULATED_ACCURACY] = parts.map(Number) as [number, number, number?];
  if (!isValidLatitude(latitude)) throw invalid(`Cannot simulate from ${JSON.stringify(spec)}: latitude ${latitude} is outside -90..90.`);
  if (!isValidLongitude(longitude)) {
    throw invalid(`Cannot simulate from ${JSON.stringify(spec)}: longitude ${longitude} is outside -180..180.`);
  }
  if (!(accuracy > 0) || !Number.isFinite(accuracy)) {
    throw invalid(`Cannot simulate from ${JSON.stringify(spec)}: accuracy ${accuracy} must be a positive number of metres.`);
  }
  return { points: [{ latitude, longitude, at: 0 }], accuracy, source: spec };
}

/** Places points on a timeline: by their own times when all have one, else one second apart. */
export function timeline(points: TrackPoint[], source: string): TimedPoint[] {
  const allTimed = points.every((point) => point.time !== undefined);
  const start = points[0]?.time ?? 0;
  return points.map((point, index) => {
    const at = allTimed ? (point.time as number) - start : index * UNTIMED_POINT_SPACING_MS;
    const previous = points[index - 1];
    if (allTimed && previous && (point.time as number) < (previous.time as number)) {
      throw invalid(`Cannot simulate from ${source}: point ${index + 1} is earlier than the point before it.`);
    }
    return { ...point, at };
  });
}

function readTrackFile(spec: string, cwd: string): Track {
  const path = nodePath.resolve(cwd, spec);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw invalid(`Cannot simulate from ${JSON.stringify(spec)}: it is neither "lat,lon[,accuracy]" nor a readable track file (${reason}).`);
  }
  const ext = nodePath.extname(path).toLowerCase();
  const looksXml = text.trimStart().startsWith('<');
  const points = ext === '.gpx' || (ext !== '.json' && ext !== '.geojson' && looksXml)
    ? parseGpx(text, path)
    : parseGeoJson(text, path);
  if (points.length === 0) throw invalid(`Cannot simulate from ${path}: the track has no points.`);
  return { points: timeline(points, path), accuracy: DEFAULT_SIMULATED_ACCURACY, source: path };
}

/**
 * Parses a simulation spec.
 * @throws LocationError with code INVALID_SIMULATION naming what was wrong.
 */
export function parseSimulationSpec(spec: string, cwd: string = process.cwd()): Track {
  const trimmed = spec.trim();
  if (trimmed === '') throw invalid('Cannot simulate from an empty value.');
  return parsePoint(trimmed) ?? readTrackFile(trimmed, cwd);
}
