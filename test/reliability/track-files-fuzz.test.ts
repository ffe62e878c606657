/**
 * Track files from anywhere: whatever a .gpx or .geojson file holds, reading
 * it gives a track of valid points or INVALID_SIMULATION naming the file and
 * what is wrong; never a raw TypeError, and never a point invented from a
 * missing or empty coordinate (Number('') and Number(null) are 0).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import { parseGeoJson, parseGpx, type TrackPoint } from '../../src/backends/simulation/track-files.js';
import { LocationError } from '../../src/errors.js';

const RUNS = Number(process.env['WHEREAMI_FUZZ_RUNS'] ?? 400);
const dir = mkdtempSync(join(tmpdir(), 'whereami-tracks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The malformed files the issue names, and their neighbours. */
const MALFORMED: [name: string, content: string, problem: RegExp][] = [
  ['multilinestring-without-coordinates.geojson', '{"type":"MultiLineString"}', /MultiLineString has coordinates that are not an array/],
  ['multilinestring-with-a-null-line.geojson', '{"type":"MultiLineString","coordinates":[null]}', /MultiLineString has lines that are not an array/],
  ['linestring-coordinates-string.geojson', '{"type":"LineString","coordinates":"13.4,52.5"}', /LineString has coordinates that are not an array/],
  ['features-null.geojson', '{"type":"FeatureCollection","features":[null]}', /feature 1 is null, not a GeoJSON object/],
  ['features-number.geojson', '{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]},7]}', /feature 2 is 7, not a GeoJSON object/],
  ['feature-null-geometry.geojson', '{"type":"Feature","geometry":null}', /its root object has no geometry/],
  ['point-null-coordinates.geojson', '{"type":"Point","coordinates":[null,null]}', /position 1 is not \[lon, lat\] in numbers/],
  ['point-string-coordinates.geojson', '{"type":"Point","coordinates":["13.4","52.5"]}', /position 1 is not \[lon, lat\] in numbers/],
  ['gpx-empty-lat.gpx', '<gpx><wpt lat="" lon="13.4"/></gpx>', /point 1 has an unreadable lat ""/],
  ['gpx-blank-lon.gpx', '<gpx><wpt lat="52.5" lon=" "/></gpx>', /point 1 has an unreadable lon/],
  ['gpx-word-lat.gpx', '<gpx><trk><trkseg><trkpt lat="north" lon="13.4"/></trkseg></trk></gpx>', /point 1 has an unreadable lat "north"/],
  ['gpx-empty-ele.gpx', '<gpx><wpt lat="52.5" lon="13.4"><ele></ele></wpt></gpx>', /point 1 has an unreadable <ele>/],
];

function expectInvalid(call: () => unknown, source: string, problem?: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected INVALID_SIMULATION').toBeInstanceOf(LocationError);
  const error = thrown as LocationError;
  expect(error.code).toBe('INVALID_SIMULATION');
  expect(error.message).toContain(source);
  if (problem) expect(error.message).toMatch(problem);
}

function expectValidPoints(points: TrackPoint[]): void {
  for (const point of points) {
    expect(Number.isFinite(point.latitude) && Math.abs(point.latitude) <= 90).toBe(true);
    expect(Number.isFinite(point.longitude) && Math.abs(point.longitude) <= 180).toBe(true);
    if (point.altitude !== undefined) expect(Number.isFinite(point.altitude)).toBe(true);
  }
}

/** Either valid points, or INVALID_SIMULATION naming the source; anything else fails the property. */
function readsOrRefuses(read: () => TrackPoint[], source: string): void {
  let points: TrackPoint[];
  try {
    points = read();
  } catch (error) {
    if (!(error instanceof LocationError) || error.code !== 'INVALID_SIMULATION') throw error;
    expect(error.message).toContain(source);
    return;
  }
  expectValidPoints(points);
}

describe('malformed track files', () => {
  it.each(MALFORMED)('%s: INVALID_SIMULATION naming the file and the problem', (name, content, problem) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    expectInvalid(() => parseSimulationSpec(path), path, problem);
  });

  it('an empty lat is refused, not read as 0 (the control: lat="0" is a real point)', () => {
    expect(parseGpx('<gpx><wpt lat="0" lon="0"/></gpx>', 'zero.gpx')).toEqual([{ latitude: 0, longitude: 0 }]);
    expectInvalid(() => parseGpx('<gpx><wpt lat="" lon=""/></gpx>', 'empty.gpx'), 'empty.gpx');
  });
});

const coordinate = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.constantFrom(null, '', '1', true, 0, -0, Number.MAX_VALUE),
  fc.anything(),
);
const position = fc.oneof(fc.array(coordinate, { maxLength: 4 }), fc.anything());
const geometry = fc.record(
  {
    type: fc.constantFrom('Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'Feature', 42),
    coordinates: fc.oneof(position, fc.array(position, { maxLength: 4 }), fc.array(fc.array(position, { maxLength: 3 }), { maxLength: 3 }), fc.anything()),
    geometry: fc.anything(),
    properties: fc.oneof(fc.constant(null), fc.record({ times: fc.anything() }, { requiredKeys: [] }), fc.anything()),
  },
  { requiredKeys: [] },
);
const geoJson = fc.oneof(
  geometry,
  fc.record({ type: fc.constant('FeatureCollection'), features: fc.oneof(fc.array(fc.oneof(geometry, fc.anything()), { maxLength: 4 }), fc.anything()) }),
  fc.anything(),
);

const attribute = fc.oneof(fc.constantFrom('', ' ', '0', '-0', '1e3', 'NaN', 'Infinity', '0x10', '91', '-181'), fc.double().map(String), fc.string());
const xmlText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const gpxPoint = fc
  .record(
    {
      tag: fc.constantFrom('wpt', 'rtept', 'trkpt'),
      lat: fc.option(attribute, { nil: undefined }),
      lon: fc.option(attribute, { nil: undefined }),
      ele: fc.option(attribute, { nil: undefined }),
      time: fc.option(fc.oneof(fc.constant('2024-01-01T00:00:00Z'), fc.string()), { nil: undefined }),
    },
    { requiredKeys: ['tag'] },
  )
  .map(({ tag, lat, lon, ele, time }) => {
    const attrs = `${lat === undefined ? '' : ` lat="${xmlText(lat)}"`}${lon === undefined ? '' : ` lon="${xmlText(lon)}"`}`;
    const children = `${ele === undefined ? '' : `<ele>${xmlText(ele)}</ele>`}${time === undefined ? '' : `<time>${xmlText(time)}</time>`}`;
    const point = `<${tag}${attrs}>${children}</${tag}>`;
    if (tag === 'trkpt') return `<trk><trkseg>${point}</trkseg></trk>`;
    if (tag === 'rtept') return `<rte>${point}</rte>`;
    return point;
  });

describe('any track file content: valid points or INVALID_SIMULATION naming the file', () => {
  it('GeoJSON', () => {
    fc.assert(
      fc.property(geoJson, (doc) => {
        const text = JSON.stringify(doc) ?? 'undefined';
        readsOrRefuses(() => parseGeoJson(text, 'fuzzed.geojson'), 'fuzzed.geojson');
      }),
      { numRuns: RUNS },
    );
  });

  it('GPX', () => {
    fc.assert(
      fc.property(fc.array(gpxPoint, { maxLength: 4 }), (points) => {
        readsOrRefuses(() => parseGpx(`<gpx>${points.join('')}</gpx>`, 'fuzzed.gpx'), 'fuzzed.gpx');
      }),
      { numRuns: RUNS },
    );
  });

  it('raw text as either kind', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        readsOrRefuses(() => parseGeoJson(text, 'raw.geojson'), 'raw.geojson');
        readsOrRefuses(() => parseGpx(text, 'raw.gpx'), 'raw.gpx');
      }),
      { numRuns: RUNS },
    );
  });
});
