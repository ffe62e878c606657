import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNmea,
  formatNmeaNoFix,
  hdopFromAccuracy,
  nmeaChecksum,
  nmeaLatitude,
  nmeaLongitude,
  nmeaSentence,
} from '../../src/serve/nmea.js';
import type { Location } from '../../src/types.js';
import { parseSentence, sentenceDegrees } from './nmea-reader.js';

const fix = (extra: Partial<Location> = {}): Location => ({
  latitude: 48.1173,
  longitude: 11.516666,
  accuracy: 5,
  timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  provider: 'simulated',
  ...extra,
});

describe('NMEA 0183 formatting', () => {
  it('computes the XOR checksum of the body (the textbook GGA example reads *47)', () => {
    expect(nmeaChecksum('GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,')).toBe('47');
    expect(nmeaSentence('GPTXT,x')).toMatch(/^\$GPTXT,x\*[0-9A-F]{2}\r\n$/);
  });

  it('writes ddmm.mmmm / dddmm.mmmm with hemispheres, carrying rounded minutes into degrees', () => {
    expect(nmeaLatitude(48.1173)).toEqual(['4807.0380', 'N']);
    expect(nmeaLongitude(11.516666)).toEqual(['01131.0000', 'E']);
    expect(nmeaLatitude(-33.8568)).toEqual(['3351.4080', 'S']);
    expect(nmeaLongitude(-0.1276)).toEqual(['00007.6560', 'W']);
    expect(nmeaLatitude(9.9999999999)).toEqual(['1000.0000', 'N']);
    expect(nmeaLongitude(-179.99999999)).toEqual(['18000.0000', 'W']);
    expect(nmeaLatitude(-0.0000000001)).toEqual(['0000.0000', 'N']);
  });

  it('GGA and RMC carry UTC time and date, knots, course, HDOP and altitude', () => {
    const text = formatNmea(fix({ altitude: 545.4, ellipsoidalAltitude: 592.3, speed: 10, course: 84.4 }));
    const [gga, rmc] = text.split('\r\n').filter(Boolean).map(parseSentence);
    expect(gga?.fields).toEqual(['GPGGA', '030405.67', '4807.0380', 'N', '01131.0000', 'E', '1', '', '0.43', '545.4', 'M', '46.9', 'M', '', '']);
    // 10 m/s = 19.438 knots.
    expect(rmc?.fields).toEqual(['GPRMC', '030405.67', 'A', '4807.0380', 'N', '01131.0000', 'E', '19.44', '84.4', '020126', '', '', 'A']);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('leaves a value the fix lacks empty, never 0', () => {
    const [gga, rmc] = formatNmea(fix()).split('\r\n').filter(Boolean).map(parseSentence);
    expect(gga?.fields.slice(9, 13)).toEqual(['', '', '', '']);
    expect(rmc?.fields.slice(7, 9)).toEqual(['', '']);
  });

  it('maps accuracy to HDOP as the 95% radius over gpsd\'s 19 m, kept within 0.01..99.99', () => {
    // 5 m at 68% is 8.107 m at 95%; / 19 m = 0.4267.
    expect(hdopFromAccuracy(5)).toBe(0.43);
    expect(hdopFromAccuracy(65)).toBe(5.55);
    expect(hdopFromAccuracy(0.01)).toBe(0.01);
    expect(hdopFromAccuracy(3000)).toBe(99.99);
  });

  it('says "no fix" with GGA quality 0 and RMC status V', () => {
    const [gga, rmc] = formatNmeaNoFix(Date.UTC(2026, 0, 2, 3, 4, 5)).split('\r\n').filter(Boolean).map(parseSentence);
    expect(gga?.fields[6]).toBe('0');
    expect(gga?.fields[2]).toBe('');
    expect(rmc?.fields[2]).toBe('V');
    expect(rmc?.fields[9]).toBe('020126');
  });

  it('rejects a bad talker or sentence type with a RangeError naming it', () => {
    expect(() => formatNmea(fix(), { talker: 'gps' })).toThrow(/talker must be two upper-case letters/);
    expect(() => formatNmea(fix(), { sentences: ['GSV' as 'GGA'] })).toThrow(/unknown NMEA sentence type "GSV"/);
  });

  it('round-trips any position to within 1e-6 degrees, with valid checksums, in at most 82 characters', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 0.01, max: 1e7, noNaN: true }),
        fc.option(fc.double({ min: -500, max: 9000, noNaN: true }), { nil: undefined }),
        (latitude, longitude, accuracy, altitude) => {
          const text = formatNmea(fix({ latitude, longitude, accuracy, ...(altitude === undefined ? {} : { altitude }) }));
          for (const sentence of text.split('\r\n').filter(Boolean)) {
            expect(sentence.length + 2).toBeLessThanOrEqual(82);
            const parsed = parseSentence(sentence);
            expect(parsed.checksumValid).toBe(true);
            const offset = parsed.fields[0] === 'GPGGA' ? 2 : 3;
            const [lat, lon] = sentenceDegrees(parsed.fields, offset);
            expect(Math.abs(lat - latitude)).toBeLessThan(1e-6);
            expect(Math.abs(lon - longitude)).toBeLessThan(1e-6);
          }
        },
      ),
    );
  });
});
