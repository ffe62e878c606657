/**
 * The kit as a vitest user imports it: by package name, through the exports
 * map, from the build (the same module instance as 'node-whereami').
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getLocation } from 'node-whereami';
import { geolocation, type GeolocationPosition } from 'node-whereami/geolocation';
import { installScriptedLocation, type ScriptedLocation } from 'node-whereami/testing';
import { staleBuild } from './dist.js';

let location: ScriptedLocation;

beforeEach(() => {
  const stale = staleBuild();
  expect(stale, stale).toBeUndefined();
  location = installScriptedLocation({ latitude: -33.87, longitude: 151.21, accuracy: 30 });
});

afterEach(() => location.uninstall());

it('scripts what getLocation() from node-whereami answers', async () => {
  expect(await getLocation()).toMatchObject({ latitude: -33.87, longitude: 151.21, accuracy: 30, provider: 'scripted' });
  expect(location.requestCount).toBe(1);
});

it('scripts what node-whereami/geolocation answers', async () => {
  location.setLatency(10);
  const position = await new Promise<GeolocationPosition>((resolve, reject) => geolocation.getCurrentPosition(resolve, reject));
  expect(position.coords.toJSON()).toMatchObject({ latitude: -33.87, longitude: 151.21, accuracy: 30 });
});
