/**
 * Reads the track files the simulator plays back: GPX 1.1 (tracks, routes or
 * waypoints) and GeoJSON (Point, MultiPoint, LineString, MultiLineString,
 * Feature, FeatureCollection; times from `properties.coordTimes` or
 * `properties.times` when present).
 */
import type * as FastXmlParser from 'fast-xml-parser';
import type { LocationError } from '../../errors.js';
import { isValidLatitude, isValidLongitude } from '../../geo.js';
import { lazyRequire } from '../lazy-require.js';
import { invalidSimulation } from './invalid.js';

export interface TrackPoint {
  latitude: number;
  longitude: number;
  altitude?: number;
  /** Milliseconds since the epoch, when the file says. */
  time?: number;
}

function invalid(source: string, problem: string): LocationError {
  return invalidSimulation(`Cannot simulate from ${source}: ${problem}.`);
}

function checkedPoint(source: string, where: string, lat: number, lon: number): void {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw invalid(source, `${where} has no readable latitude and longitude`);
  if (!isValidLatitude(lat)) throw invalid(source, `${where} has latitude ${lat}, outside -90..90`);
  if (!isValidLongitude(lon)) throw invalid(source, `${where} has longitude ${lon}, outside -180..180`);
}

function parseTime(source: string, where: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(source, `${where} has an unreadable time ${JSON.stringify(value)}`);
  return ms;
}

/**
 * A number written in a GPX attribute or element. Number('') and Number(' ')
 * are 0, which would put a point with lat="" at (0, 0): empty is unreadable.
 */
function gpxNumber(source: string, where: string, name: string, value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : '';
  const number = text === '' ? NaN : Number(text);
  if (!Number.isFinite(number)) throw invalid(source, `${where} has an unreadable ${name} ${JSON.stringify(value ?? null)}`);
  return number;
}

// Loaded on the first GPX file, not at import: only GPX tracks need it, and
// importing it cost the package and the CLI a measurable share of start-up.
type XmlParserModule = typeof FastXmlParser;
let xmlParser: XmlParserModule | undefined;
function loadXmlParser(): XmlParserModule {
  xmlParser ??= lazyRequire('fast-xml-parser') as XmlParserModule;
  return xmlParser;
}

const GPX_LISTS = new Set(['trk', 'trkseg', 'trkpt', 'rte', 'rtept', 'wpt']);

type GpxNode = Record<string, unknown>;

function gpxChildren(node: unknown, name: string): GpxNode[] {
  if (node === null || typeof node !== 'object') return [];
  const value = (node as GpxNode)[name];
  return Array.isArray(value) ? (value as GpxNode[]) : [];
}

export function parseGpx(xml: string, source: string): TrackPoint[] {
  let doc: GpxNode;
  try {
    const parser = new (loadXmlParser().XMLParser)({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      isArray: (name) => GPX_LISTS.has(name),
    });
    doc = parser.parse(xml, true) as GpxNode;
  } catch (error) {
    throw invalid(source, `it is not well-formed XML (${(error as Error).message})`);
  }
  if (!Object.hasOwn(doc, 'gpx')) throw invalid(source, 'it has no <gpx> element');
  const gpx = doc['gpx']; // an empty <gpx/> parses as ''
  const nodes = [
    ...gpxChildren(gpx, 'trk').flatMap((trk) => gpxChildren(trk, 'trkseg').flatMap((seg) => gpxChildren(seg, 'trkpt'))),
    ...gpxChildren(gpx, 'rte').flatMap((rte) => gpxChildren(rte, 'rtept')),
  ];
  const points = nodes.length > 0 ? nodes : gpxChildren(gpx, 'wpt');
  return points.map((node, index) => {
    const where = `point ${index + 1}`;
    if (node['@_lat'] === undefined || node['@_lon'] === undefined) throw invalid(source, `${where} lacks lat or lon`);
    const lat = gpxNumber(source, where, 'lat', node['@_lat']);
    const lon = gpxNumber(source, where, 'lon', node['@_lon']);
    checkedPoint(source, where, lat, lon);
    const point: TrackPoint = { latitude: lat, longitude: lon };
    if (node['ele'] !== undefined) point.altitude = gpxNumber(source, where, '<ele>', node['ele']);
    const time = parseTime(source, where, node['time']);
    if (time !== undefined) point.time = time;
    return point;
  });
}

type Json = Record<string, unknown>;

function isJsonObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The positions of a point or line geometry, checked to be arrays before anything reads them. */
function positions(source: string, geometry: Json): unknown[] {
  const type = geometry['type'];
  const coords = geometry['coordinates'];
  const notArray = (what: string): LocationError => invalid(source, `a ${String(type)} has ${what} that are not an array`);
  switch (type) {
    case 'Point':
      return [coords];
    case 'MultiPoint':
    case 'LineString':
      if (!Array.isArray(coords)) throw notArray('coordinates');
      return coords;
    case 'MultiLineString':
      if (!Array.isArray(coords)) throw notArray('coordinates');
      return coords.flatMap((line: unknown) => {
        if (!Array.isArray(line)) throw notArray('lines');
        return line as unknown[];
      });
    default:
      throw invalid(source, `geometry type ${JSON.stringify(type)} is not a point or line`);
  }
}

function featurePoints(source: string, feature: unknown, which: string): TrackPoint[] {
  if (!isJsonObject(feature)) throw invalid(source, `${which} is ${JSON.stringify(feature)}, not a GeoJSON object`);
  const geometry = feature['type'] === 'Feature' ? feature['geometry'] : feature;
  if (!isJsonObject(geometry)) throw invalid(source, `${which} has no geometry`);
  const props = isJsonObject(feature['properties']) ? feature['properties'] : {};
  const times = props['coordTimes'] ?? props['times'];
  return positions(source, geometry).map((position, index) => {
    const where = `position ${index + 1}`;
    if (!Array.isArray(position) || position.length < 2) throw invalid(source, `${where} is not [lon, lat]`);
    const [lon, lat, ele] = position as unknown[];
    // Number(null) is 0: only real numbers are coordinates.
    if (typeof lon !== 'number' || typeof lat !== 'number') throw invalid(source, `${where} is not [lon, lat] in numbers`);
    checkedPoint(source, where, lat, lon);
    const point: TrackPoint = { latitude: lat, longitude: lon };
    if (typeof ele === 'number' && Number.isFinite(ele)) point.altitude = ele;
    const time = parseTime(source, where, Array.isArray(times) ? (times as unknown[])[index] : undefined);
    if (time !== undefined) point.time = time;
    return point;
  });
}

export function parseGeoJson(text: string, source: string): TrackPoint[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw invalid(source, `it is not valid JSON (${(error as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object') throw invalid(source, 'it is not a GeoJSON object');
  const root = doc as Json;
  if (root['type'] === 'FeatureCollection') {
    const features = root['features'];
    if (!Array.isArray(features)) throw invalid(source, 'its "features" is not an array');
    return features.flatMap((feature: unknown, index) => featurePoints(source, feature, `feature ${index + 1}`));
  }
  return featurePoints(source, root, 'its root object');
}
