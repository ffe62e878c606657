/** Where a track puts the machine at a moment of its playback. */
import { bearingDegrees, distanceMetres, interpolate } from '../../geo.js';
import type { TimedPoint, Track } from './spec.js';

export interface TrackPosition {
  latitude: number;
  longitude: number;
  altitude?: number;
  /** m/s along the current leg; absent on a fixed point. */
  speed?: number;
  /** Degrees along the current leg; absent when not moving. */
  course?: number;
  /** True once playback has passed the last point (it then holds there). */
  ended: boolean;
}

function legAt(points: TimedPoint[], elapsed: number): [TimedPoint, TimedPoint] | undefined {
  for (let i = 1; i < points.length; i += 1) {
    const to = points[i] as TimedPoint;
    if (elapsed < to.at) return [points[i - 1] as TimedPoint, to];
  }
  return undefined;
}

export function positionAt(track: Track, elapsedMs: number): TrackPosition {
  const { points } = track;
  const leg = legAt(points, Math.max(0, elapsedMs));
  if (!leg) {
    const last = points[points.length - 1] as TimedPoint;
    return {
      latitude: last.latitude,
      longitude: last.longitude,
      ...(last.altitude === undefined ? {} : { altitude: last.altitude }),
      ...(points.length > 1 ? { speed: 0 } : {}),
      ended: true,
    };
  }
  const [from, to] = leg;
  const span = to.at - from.at;
  const fraction = span > 0 ? (Math.max(0, elapsedMs) - from.at) / span : 1;
  const here = interpolate(from, to, fraction);
  const metres = distanceMetres(from, to);
  const position: TrackPosition = { ...here, ended: false };
  if (from.altitude !== undefined && to.altitude !== undefined) {
    position.altitude = from.altitude + (to.altitude - from.altitude) * fraction;
  }
  if (span > 0) position.speed = metres / (span / 1000);
  if (metres > 0) position.course = bearingDegrees(from, to);
  return position;
}
