/**
 * Backend knowledge belongs to the backends: the core, the public API, the
 * W3C facade, the server and the CLI (outside its own help text) name no OS
 * settings, no GeoClue, no package manager and no macOS-only fact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NativeBackend } from '../../src/backends/native-backend.js';
import type { NativeProvider } from '../../src/backends/native-binding.js';
import { LocationError } from '../../src/errors.js';
import { Locator } from '../../src/locator.js';

const SRC = join(import.meta.dirname, '../../src');
/** The CLI's help text may say what the program runs on. */
const ALLOWED = new Set(['cli/usage.ts']);
const FORBIDDEN = /System Settings|GeoClue|\bapt(-get)? install|\bmacOS\b|CoreLocation|CLGeocoder|Xcode|xcode-select|Info\.plist/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'backends' && dir === SRC ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('backend knowledge stays in src/backends/', () => {
  it('no file outside it (but the CLI help) names an OS setting, GeoClue, apt or a macOS-only fact', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(40);
    const offences = files
      .filter((file) => !ALLOWED.has(relative(SRC, file)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (FORBIDDEN.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offences).toEqual([]);
  });

  it('the scan would catch an offence', () => {
    expect(FORBIDDEN.test("hint: 'Allow it in System Settings > Privacy'")).toBe(true);
    expect(FORBIDDEN.test('run apt install geoclue-2.0')).toBe(true);
  });
});

/** A GeoClue-like native provider that shows a prompt and never answers it. */
function promptingProvider(): NativeProvider {
  const never = (): void => undefined;
  return {
    requestLocation: (_accuracy, _maximumAge, _callback, onPrompt) => {
      onPrompt(true);
      return 1;
    },
    cancel: never,
    startWatch: () => 1,
    stopWatch: never,
    authorizationStatus: never,
    requestAuthorization: never,
    locationServicesEnabled: never,
    accuracyAuthorization: never,
    reverseGeocode: () => 1,
    forwardGeocode: () => 1,
    close: never,
  };
}

async function timeoutOf(provider: 'geoclue' | 'corelocation', promptLimitMs: number, timeout: number): Promise<LocationError> {
  const backend = new NativeBackend(promptingProvider(), { name: 'addon', provider });
  const locator = new Locator(() => backend, { promptLimitMs });
  const error = await locator.getLocation({ timeout, timeoutIncludesPrompt: promptLimitMs > timeout }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LocationError);
  expect((error as LocationError).code).toBe('TIMEOUT');
  return error as LocationError;
}

describe('timeout hints come from the backend', () => {
  it('a Linux (GeoClue) prompt timeout names the desktop, never System Settings', async () => {
    const error = await timeoutOf('geoclue', 30, 60_000);
    expect(error.message).toMatch(/prompt was not answered/);
    expect(error.hint).toMatch(/desktop/);
    expect(error.hint).not.toMatch(/System Settings/);
  });

  it('a Linux plain timeout never names System Settings', async () => {
    const error = await timeoutOf('geoclue', 60_000, 30);
    expect(error.message).toMatch(/No location fix arrived within 30 ms/);
    expect(error.hint).toBeDefined();
    expect(error.hint).not.toMatch(/System Settings/);
  });

  it('a macOS prompt timeout names System Settings', async () => {
    const error = await timeoutOf('corelocation', 30, 60_000);
    expect(error.hint).toMatch(/System Settings > Privacy & Security > Location Services/);
  });
});
