import { describe, expect, it } from 'vitest';
import { toLocation } from '../../src/backends/native-backend.js';

describe('a native fix as a Location', () => {
  // GeoClue stamps a fix on its arrival with microseconds; a caller comparing it
  // with Date.now() taken after the answer must never see it "in the future".
  it('counts the timestamp in whole milliseconds, rounded down', () => {
    const before = Date.now();
    const location = toLocation({ latitude: 1, longitude: 2, accuracy: 3, timestamp: before + 0.999 }, 'geoclue');
    expect(location.timestamp).toBe(before);
    expect(location.timestamp).toBeLessThanOrEqual(Date.now());
  });
});
