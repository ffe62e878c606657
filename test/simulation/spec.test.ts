import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { positionAt } from '../../src/backends/simulation/playback.js';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import { LocationError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'whereami-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(spec: string): LocationError {
  try {
    parseSimulationSpec(spec, dir);
  } catch (error) {
    return error as LocationError;
  }
  throw new Error(`expected ${spec} to fail`);
}

describe('simulation spec', () => {
  it('reads a point with and without accuracy', () => {
    expect(parseSimulationSpec('52.52,13.405').points[0]).toMatchObject({ latitude: 52.52, longitude: 13.405 });
    expect(parseSimulationSpec(' -33.8568 , 151.2153 , 25 ').accuracy).toBe(25);
    expect(parseSimulationSpec('52.52,13.405').accuracy).toBe(5);
  });

  it.each([
    ['', /empty/],
    ['91,0', /latitude 91/],
    ['0,181', /longitude 181/],
    ['1,2,0', /accuracy 0/],
    ['1,2,3,4', /lat,lon/],
    ['52.52', /lat,lon/],
    ['1.2.3,4', /lat,lon/],
    ['no-such-file.gpx', /no such file/],
  ])('rejects %j naming the problem', (spec, message) => {
    const error = failure(spec);
    expect(error).toBeInstanceOf(LocationError);
    expect(error.code).toBe('INVALID_SIMULATION');
    expect(error.message).toMatch(message);
  });

  it('reads a GPX track with times and elevation, played back in time', () => {
    const path = file(
      'track.gpx',
      `<?xml version="1.0"?><gpx version="1.1" creator="test"><trk><trkseg>
        <trkpt lat="48.0" lon="11.0"><ele>500</ele><time>2024-01-01T00:00:00Z</time></trkpt>
        <trkpt lat="48.001" lon="11.0"><ele>510</ele><time>2024-01-01T00:00:10Z</time></trkpt>
      </trkseg></trk></gpx>`,
    );
    const track = parseSimulationSpec(path);
    expect(track.points.map((p) => p.at)).toEqual([0, 10_000]);
    const middle = positionAt(track, 5000);
    expect(middle.latitude).toBeCloseTo(48.0005, 7);
    expect(middle.altitude).toBeCloseTo(505, 6);
    expect(middle.speed).toBeCloseTo(11.1, 1); // ~111 m in 10 s
    expect(middle.course).toBeCloseTo(0, 3);
    const end = positionAt(track, 60_000);
    expect(end).toMatchObject({ latitude: 48.001, ended: true, speed: 0 });
  });

  it('reads GPX waypoints one second apart when they carry no time', () => {
    const path = file('wpt.gpx', '<gpx><wpt lat="1" lon="2"/><wpt lat="3" lon="4"/></gpx>');
    expect(parseSimulationSpec(path).points.map((p) => [p.latitude, p.at])).toEqual([
      [1, 0],
      [3, 1000],
    ]);
  });

  it.each([
    ['broken.gpx', '<gpx><trk>', /well-formed|no points/],
    ['nogpx.gpx', '<kml></kml>', /no <gpx>/],
    ['badlat.gpx', '<gpx><wpt lat="100" lon="0"/></gpx>', /latitude 100/],
    ['empty.gpx', '<gpx></gpx>', /no points/],
    ['backwards.gpx', '<gpx><wpt lat="1" lon="1"><time>2024-01-01T00:00:10Z</time></wpt><wpt lat="1" lon="1"><time>2024-01-01T00:00:00Z</time></wpt></gpx>', /earlier/],
    ['bad.geojson', '{"type":', /valid JSON/],
    ['polygon.geojson', '{"type":"Polygon","coordinates":[]}', /Polygon/],
    ['short.geojson', '{"type":"LineString","coordinates":[[1]]}', /\[lon, lat\]/],
  ])('rejects the malformed file %s', (name, text, message) => {
    const error = failure(file(name, text));
    expect(error.code).toBe('INVALID_SIMULATION');
    expect(error.message).toContain(name);
    expect(error.message).toMatch(message);
  });

  it('reads GeoJSON features with coordTimes', () => {
    const path = file(
      'track.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { coordTimes: ['2024-01-01T00:00:00Z', '2024-01-01T00:00:02Z'] },
            geometry: { type: 'LineString', coordinates: [[13.4, 52.5, 30], [13.41, 52.5, 31]] },
          },
        ],
      }),
    );
    const track = parseSimulationSpec(path);
    expect(track.points).toEqual([
      { latitude: 52.5, longitude: 13.4, altitude: 30, time: Date.parse('2024-01-01T00:00:00Z'), at: 0 },
      { latitude: 52.5, longitude: 13.41, altitude: 31, time: Date.parse('2024-01-01T00:00:02Z'), at: 2000 },
    ]);
    expect(positionAt(track, 1000).course).toBeCloseTo(90, 1);
  });
});
