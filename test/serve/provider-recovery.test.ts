/** A provider failure through the real core: "no fix" to clients, the server stays up, fixes resume. */
import { afterEach, expect, it } from 'vitest';
import { LocationServer } from '../../src/serve/location-server.js';
import { installScriptedLocation, type ScriptedLocation } from '../../src/testing/index.js';
import { LineClient } from './helpers.js';

let scripted: ScriptedLocation | undefined;
let server: LocationServer | undefined;
let client: LineClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  scripted?.uninstall();
});

it('Location Services switched off and on: TPV mode 1, then fixes again, with the same connection', { timeout: 30_000 }, async () => {
  scripted = installScriptedLocation({ latitude: 47.3769, longitude: 8.5417, accuracy: 20 });
  const errors: string[] = [];
  server = new LocationServer({ listen: { port: 0 }, onProviderError: (error) => errors.push(error.code) });
  const { gpsd } = await server.listen();
  client = await LineClient.open(gpsd.port);
  client.send('?WATCH={"enable":true};\n');
  const tpvs = (): Record<string, unknown>[] => (client as LineClient).objects().filter((o) => o['class'] === 'TPV');
  await client.until(() => tpvs().length === 1, 10_000, 'the first TPV');
  expect(tpvs()[0]).toMatchObject({ mode: 2, lat: 47.3769, lon: 8.5417 });

  scripted.setServicesEnabled(false);
  await client.until(() => tpvs().length === 2, 10_000, 'a "no fix" TPV');
  expect(tpvs()[1]).toMatchObject({ mode: 1 });
  expect(tpvs()[1]).not.toHaveProperty('lat');
  expect(errors).toEqual(['SERVICES_DISABLED']);
  expect(server.stats.providerRunning).toBe(false);

  scripted.setServicesEnabled(true);
  scripted.setPosition({ latitude: 47.38, longitude: 8.54, accuracy: 20 });
  // The retry comes after 1 s (or 2 s if the first retry still met services off).
  await client.until(() => tpvs().some((t) => t['mode'] === 2 && t['lat'] === 47.38), 15_000, 'fixes again');
  expect(server.stats.providerRunning).toBe(true);
  expect(client.closed).toBe(false);
});
