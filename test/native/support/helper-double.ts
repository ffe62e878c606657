/**
 * The whereami-helper executable built against the CoreLocation double, driven
 * through the helper backend (src/backends/helper-provider.ts) and scripted
 * through its test-only "testDouble" protocol method. Script commands travel
 * on the same pipe as requests, so they take effect in order.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HelperProvider } from '../../../src/backends/helper-provider.js';
import { NativeBackend } from '../../../src/backends/native-backend.js';
import { CL, doubleAddonPath, type DoubleFix, type DoublePlace } from './double.js';

export function doubleHelperPath(): string {
  return process.env['WHEREAMI_DOUBLE_HELPER'] ?? join(dirname(doubleAddonPath()), 'whereami-helper-double');
}

export function doubleHelperAvailable(): boolean {
  return existsSync(doubleHelperPath());
}

export class HelperDoubleScript {
  constructor(private readonly helper: HelperProvider) {}

  #op(op: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.helper.rawCall('testDouble', { op, ...params });
  }

  setAuthorizationStatus = (status: number) => this.#op('setAuthorizationStatus', { status });
  setPromptAnswer = (status: number, delayMs: number) => this.#op('setPromptAnswer', { status, delayMs });
  answerPrompt = (status: number) => this.#op('answerPrompt', { status });
  promptShowing = async () => (await this.#op('promptShowing')) === true;
  setServicesEnabled = (on: boolean) => this.#op('setServicesEnabled', { on: on ? 1 : 0 });
  setAccuracyAuthorization = (value: number) => this.#op('setAccuracyAuthorization', { value });
  setFix = (fix: DoubleFix) => this.#op('setFix', { fix: { ...fix, simulated: fix.simulated ? 1 : 0 } });
  moveTo = (latitude: number, longitude: number) => this.#op('moveTo', { latitude, longitude });
  queueError = (code: number) => this.#op('queueError', { code });
  setFixDelay = (ms: number) => this.#op('setFixDelay', { ms });
  holdFixes = (on: boolean) => this.#op('holdFixes', { on: on ? 1 : 0 });
  setPlaces = (places: DoublePlace[]) => this.#op('setPlaces', { places });
  queueGeocodeError = (code: number) => this.#op('queueGeocodeError', { code });
  setGeocodeDelay = (ms: number) => this.#op('setGeocodeDelay', { ms });
  counters = async () =>
    (await this.#op('counters')) as {
      requestLocation: number;
      startUpdating: number;
      stopUpdating: number;
      geocodes: number;
      maxConcurrentGeocodes: number;
    };
}

/** A fresh helper process (hence a fresh machine), authorized unless told otherwise. */
export function freshHelper(status: number = CL.authorized): {
  helper: HelperProvider;
  backend: NativeBackend;
  script: HelperDoubleScript;
} {
  const helper = new HelperProvider(doubleHelperPath());
  const backend = new NativeBackend(helper, { name: 'helper', provider: 'corelocation', detail: doubleHelperPath() });
  const script = new HelperDoubleScript(helper);
  if (status !== CL.notDetermined) inOrder(script.setAuthorizationStatus(status));
  return { helper, backend, script };
}

/**
 * Sends a script command without waiting: the pipe keeps it ahead of later
 * requests. A helper closed before it answered is no failure of the test.
 */
export function inOrder(command: Promise<unknown>): void {
  command.catch((error: unknown) => {
    if (!String(error).includes('ABORTED')) throw error;
  });
}
