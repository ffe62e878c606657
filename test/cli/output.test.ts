import { describe, expect, it } from 'vitest';
import { painter } from '../../src/cli/color.js';
import { fallbackHint, MACOS_LOCATION_PANE, renderError } from '../../src/cli/error-report.js';
import { renderGeoJson, renderHuman, renderJson, renderWatchLine } from '../../src/cli/output.js';
import { compassPoint, formatAddress, humanAge } from '../../src/cli/text.js';
import { LocationError } from '../../src/errors.js';
import type { Location } from '../../src/types.js';

const plain = painter(false);
const fix: Location = {
  latitude: 52.5200001,
  longitude: -13.405,
  accuracy: 8.25,
  altitude: 34.46,
  altitudeAccuracy: 4,
  speed: 2.5,
  course: 93,
  timestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
  provider: 'corelocation',
};

describe('human output', () => {
  it('lists position, accuracy, altitude, speed, course, age and provider', () => {
    const text = renderHuman(fix, undefined, plain, fix.timestamp + 75_000);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'location  52.520000, -13.405000',
      'accuracy  ±8.3 m',
      'altitude  34 m ±4 m',
      'speed     2.5 m/s (9 km/h)',
      'course    93° E',
    ]);
    expect(lines[5]).toMatch(/^age {7}1 min 15 s \(2026-01-0[12] \d\d:04:05 [+-]\d\d:\d\d\)$/);
    expect(lines[6]).toBe('provider  corelocation');
    expect(lines).toHaveLength(7);
  });

  it('shows an address line when one was asked for, "-" when none was found', () => {
    const place = { latitude: 0, longitude: 0, name: 'Somewhere', city: 'Town', country: 'Land' };
    expect(renderHuman(fix, place, plain, fix.timestamp)).toMatch(/^address {3}Somewhere, Town, Land$/m);
    expect(renderHuman(fix, null, plain, fix.timestamp)).toMatch(/^address {3}-$/m);
  });

  it('one line per fix in a watch', () => {
    expect(renderWatchLine(fix, undefined, plain)).toMatch(/^\d\d:04:05 {2}52\.520000, -13\.405000 {2}±8\.3 m {2}alt 34 m {2}2\.5 m\/s {2}93° E\n$/);
  });

  it('JSON keeps numbers as numbers in a stable order, and GeoJSON puts longitude first', () => {
    const json = JSON.parse(renderJson(fix, undefined, true)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['latitude', 'longitude', 'accuracy', 'altitude', 'altitudeAccuracy', 'speed', 'course', 'timestamp', 'time', 'provider']);
    expect(json['latitude']).toBe(52.5200001);
    expect(renderJson(fix, undefined, true).split('\n')).toHaveLength(2);
    const feature = JSON.parse(renderGeoJson(fix, null, false)) as { geometry: { coordinates: number[] }; properties: Record<string, unknown> };
    expect(feature.geometry.coordinates).toEqual([-13.405, 52.5200001]);
    expect(feature.properties['address']).toBeNull();
  });

  it('small helpers', () => {
    expect([0, 22, 23, 93, 180, 337, 338, 359, -45].map(compassPoint)).toEqual(['N', 'N', 'NE', 'E', 'S', 'NW', 'N', 'N', 'NW']);
    expect([0.04, 9.96, 42, 3599, 7322].map(humanAge)).toEqual(['0 s', '10 s', '42 s', '59 min 59 s', '2 h 2 min']);
    expect(formatAddress({ latitude: 0, longitude: 0, street: 'Main St', city: 'X', region: 'X', country: 'Y' })).toBe('Main St, X, Y');
  });
});

describe('error reports', () => {
  it('uses the error\'s own hint when it has one', () => {
    const error = new LocationError('TIMEOUT', 'Too slow.', { hint: 'Wait longer.' });
    expect(renderError(error, 'linux', plain)).toBe('whereami: Too slow.\n  hint: Wait longer.\n');
  });

  it('names the macOS System Settings pane for denial and services off', () => {
    for (const code of ['PERMISSION_DENIED', 'SERVICES_DISABLED']) {
      const hint = fallbackHint(code, 'darwin');
      expect(hint).toContain('System Settings > Privacy & Security > Location Services');
      expect(hint).toContain(MACOS_LOCATION_PANE);
    }
    expect(fallbackHint('SERVICES_DISABLED', 'linux')).toContain('geoclue');
  });

  it('suggests --simulate on an unsupported platform', () => {
    expect(renderError({ message: 'No backend.', code: 'UNSUPPORTED_PLATFORM' }, 'win32', plain)).toBe(
      'whereami: No backend.\n  hint: To try it anyway, simulate a position: whereami --simulate 52.52,13.405\n',
    );
  });
});
