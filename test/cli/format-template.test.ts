import { describe, expect, it } from 'vitest';
import type { Place } from '../../src/backends/contract.js';
import { compileTemplate, renderTemplate, TemplateError, TOKENS, type TokenContext } from '../../src/cli/format-template.js';
import type { Location } from '../../src/types.js';

const fix: Location = {
  latitude: 52.52,
  longitude: 13.405,
  accuracy: 12,
  altitude: 34.5,
  altitudeAccuracy: 3,
  ellipsoidalAltitude: 78.25,
  speed: 1.5,
  speedAccuracy: 0.5,
  course: 270,
  courseAccuracy: 10,
  floor: 2,
  timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  provider: 'corelocation',
};
const place: Place = {
  latitude: 52.5163,
  longitude: 13.3777,
  name: 'Pariser Platz 1',
  street: 'Pariser Platz',
  streetNumber: '1',
  district: 'Mitte',
  city: 'Berlin',
  postalCode: '10117',
  region: 'Berlin',
  country: 'Germany',
  isoCountryCode: 'DE',
  timeZone: 'Europe/Berlin',
};
const context: TokenContext = { fix, place, now: fix.timestamp + 2_340 };
const fill = (template: string, ctx: TokenContext = context): string => renderTemplate(compileTemplate(template), ctx);

describe('format templates', () => {
  it('renders every token', () => {
    const expected: Record<string, string> = {
      latitude: '52.52',
      lat: '52.52',
      longitude: '13.405',
      lon: '13.405',
      lng: '13.405',
      accuracy: '12',
      altitude: '34.5',
      altitudeAccuracy: '3',
      ellipsoidalAltitude: '78.25',
      speed: '1.5',
      speedAccuracy: '0.5',
      course: '270',
      courseAccuracy: '10',
      floor: '2',
      time: '2026-01-02T03:04:05.678Z',
      timestamp: String(fix.timestamp),
      age: '2.3',
      provider: 'corelocation',
      address: 'Pariser Platz 1, Mitte, 10117 Berlin, Germany',
      name: 'Pariser Platz 1',
      street: 'Pariser Platz',
      streetNumber: '1',
      district: 'Mitte',
      city: 'Berlin',
      postalCode: '10117',
      region: 'Berlin',
      country: 'Germany',
      isoCountryCode: 'DE',
      timeZone: 'Europe/Berlin',
    };
    for (const name of Object.keys(TOKENS)) {
      if (name === 'localtime') continue;
      expect({ name, value: fill(`{${name}}`) }).toEqual({ name, value: expected[name] });
    }
    expect(Date.parse(fill('{localtime}'))).toBe(fix.timestamp);
    expect(fill('{localtime}')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.678[+-]\d\d:\d\d$/);
  });

  it('keeps prefix tokens apart, in one pass, in any order', () => {
    expect(fill('{lat}{latitude}{lat}')).toBe('52.5252.5252.52');
    expect(fill('{timestamp}|{time}')).toBe(`${fix.timestamp}|2026-01-02T03:04:05.678Z`);
    expect(fill('{streetNumber} {street}')).toBe('1 Pariser Platz');
  });

  it('never substitutes inside a substituted value', () => {
    const tricky: Place = { ...place, city: '{lat}', country: '{{x}}' };
    expect(fill('{city} {country} {lat}', { ...context, place: tricky })).toBe('{lat} {{x}} 52.52');
  });

  it('handles {{, }} and the backslash escapes', () => {
    expect(fill('{{lat}}')).toBe('{lat}');
    expect(fill('{{{lat}}}')).toBe('{52.52}');
    expect(fill('a\\nb\\tc\\\\n\\x')).toBe('a\nb\tc\\n\\x');
    expect(fill('no tokens at all')).toBe('no tokens at all');
    expect(fill('')).toBe('');
  });

  it('renders what the fix or place lacks as empty', () => {
    const bare: Location = { latitude: 1, longitude: 2, accuracy: 3, timestamp: 0, provider: 'simulated' };
    expect(fill('[{altitude}][{speed}][{course}][{floor}][{city}][{address}]', { fix: bare, place: undefined, now: 0 })).toBe(
      '[][][][][][]',
    );
  });

  it('knows which templates need an address', () => {
    expect(compileTemplate('{lat},{lon}').needsAddress).toBe(false);
    expect(compileTemplate('{lat} {isoCountryCode}').needsAddress).toBe(true);
    expect(compileTemplate('{{city}}').needsAddress).toBe(false);
  });

  it.each([
    ['{nope}', 'unknown token "{nope}" at position 1'],
    ['ok {LAT}', 'unknown token "{LAT}" at position 4'],
    ['{}', 'empty token "{}" at position 1'],
    ['{lat', 'unmatched "{" at position 1'],
    ['{lat}}', 'unmatched "}" at position 6'],
    ['{ lat }', 'unknown token "{ lat }"'],
    ['{constructor}', 'unknown token "{constructor}"'],
    ['{__proto__}', 'unknown token "{__proto__}"'],
  ])('rejects %j', (template, message) => {
    expect(() => compileTemplate(template)).toThrow(TemplateError);
    expect(() => compileTemplate(template)).toThrow(message);
  });
});
