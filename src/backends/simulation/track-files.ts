/**
 * Reads the track files the simulator plays back: GPX 1.1 (tracks, routes or
 * waypoints) and GeoJSON (Point, MultiPoint, LineString, MultiLineString,
 * Feature, FeatureCollection; times from `properties.coordTimes` or
 * `properties.times` when present).
 */
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import { LocationError } from '../../errors.js';
import { isValidLatitude, isValidLongitude } from '../../geo.js';

export interface TrackPoint {
  latitude: number;
  longitude: number;
  altitude?: number;
  /** Milliseconds since the epoch, when the file says. */
  time?: number;
}

function invalid(source: string, problem: string): LocationError {
  return new LocationError('INVALID_SIMULATION', `Cannot simulate from ${source}: ${problem}.`, {
    hint: 'Give WHEREAMI_SIMULATE as "lat,lon[,accuracy]" or the path of a .gpx or .geojson track.',
  });
}

function checkedPoint(source: string, where: string, lat: number, lon: number): void {
  if (!isValidLatitude(lat)) throw invalid(source, `${where} has latitude ${lat}, outside -90..90`);
  if (!isValidLongitude(lon)) throw invalid(source, `${where} has longitude ${lon}, outside -180..180`);
}

function parseTime(source: string, where: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(source, `${where} has an unreadable time ${JSON.stringify(value)}`);
  return ms;
}

// Loaded on the first GPX file, not at import: only GPX tracks need it, and
// importing it cost the package and the CLI a measurable share of start-up.
const require = createRequire(import.meta.url);
type XmlParserModule = typeof FastXmlParser;
let xmlParser: XmlParserModule | undefined;
function loadXmlParser(): XmlParserModule {
  xmlParser ??= require('fast-xml-parser') as XmlParserModule;
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
    const lat = Number(node['@_lat']);
    const lon = Number(node['@_lon']);
    if (node['@_lat'] === undefined || node['@_lon'] === undefined) throw invalid(source, `${where} lacks lat or lon`);
    checkedPoint(source, where, lat, lon);
    const point: TrackPoint = { latitude: lat, longitude: lon };
    if (node['ele'] !== undefined) {
      const ele = Number(node['ele']);
      if (!Number.isFinite(ele)) throw invalid(source, `${where} has an unreadable <ele>`);
      point.altitude = ele;
    }
    const time = parseTime(source, where, node['time']);
    if (time !== undefined) point.time = time;
    return point;
  });
}

type Json = Record<string, unknown>;

function positions(source: string, geometry: Json): number[][] {
  const coords = geometry['coordinates'];
  switch (geometry['type']) {
    case 'Point':
      return [coords as number[]];
    case 'MultiPoint':
    case 'LineString':
      return coords as number[][];
    case 'MultiLineString':
      return (coords as number[][][]).flat();
    default:
      throw invalid(source, `geometry type ${JSON.stringify(geometry['type'])} is not a point or line`);
  }
}

function featurePoints(source: string, feature: Json): TrackPoint[] {
  const geometry = (feature['type'] === 'Feature' ? feature['geometry'] : feature) as Json | null;
  if (!geometry || typeof geometry !== 'object') throw invalid(source, 'a feature has no geometry');
  const props = (feature['properties'] ?? {}) as Json;
  const times = (props['coordTimes'] ?? props['times']) as unknown[] | undefined;
  const list = positions(source, geometry);
  if (!Array.isArray(list)) throw invalid(source, 'coordinates are not an array');
  return list.map((position, index) => {
    const where = `position ${index + 1}`;
    if (!Array.isArray(position) || position.length < 2) throw invalid(source, `${where} is not [lon, lat]`);
    const [lon, lat, ele] = position.map(Number) as [number, number, number | undefined];
    checkedPoint(source, where, lat, lon);
    const point: TrackPoint = { latitude: lat, longitude: lon };
    if (ele !== undefined && Number.isFinite(ele)) point.altitude = ele;
    const time = parseTime(source, where, Array.isArray(times) ? times[index] : undefined);
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
    return (features as Json[]).flatMap((feature) => featurePoints(source, feature));
  }
  return featurePoints(source, root);
}
