/**
 * Locator.ensureAccess: the permission step of a request without the request,
 * for the W3C facade's `timeout: 0`. It keeps the core's prompt limit and
 * takes its hints from the backend.
 */
import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { parseSimulationSpec } from '../../src/backends/simulation/spec.js';
import { failure } from '../support/failure.js';
import { Locator } from '../../src/locator.js';

class HintedBackend extends ScriptedBackend {
  hint(code: string): string | undefined {
    return code === 'PERMISSION_DENIED' ? 'the backend says how' : undefined;
  }
}

function setup(promptLimitMs = 60_000): { backend: ScriptedBackend; locator: Locator } {
  const backend = new ScriptedBackend({ track: parseSimulationSpec('1,2') });
  return { backend, locator: new Locator(() => backend, { promptLimitMs }) };
}

describe('Locator.ensureAccess', () => {
  it('resolves when access is granted, asking for no fix', async () => {
    const { backend, locator } = setup();
    await expect(locator.ensureAccess()).resolves.toBeUndefined();
    expect(backend.stats.locationRequests).toBe(0);
  });

  it('prompts when the status is not determined, and takes the answer', async () => {
    const { backend, locator } = setup();
    backend.setAuthorizationStatus('notDetermined');
    backend.setPermissionAnswer('denied', 5);
    expect((await failure(locator.ensureAccess())).code).toBe('PERMISSION_DENIED');
    expect(backend.stats.authorizationRequests).toBe(1);
  });

  it('times out a prompt left unanswered past the prompt limit', async () => {
    const { backend, locator } = setup(40);
    backend.setAuthorizationStatus('notDetermined');
    backend.setPermissionAnswer('authorized', 5_000);
    const started = Date.now();
    const error = await failure(locator.ensureAccess());
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/prompt was not answered/);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('says SERVICES_DISABLED before asking about permission', async () => {
    const { backend, locator } = setup();
    backend.setServicesEnabled(false);
    backend.setAuthorizationStatus('notDetermined');
    expect((await failure(locator.ensureAccess())).code).toBe('SERVICES_DISABLED');
    expect(backend.stats.authorizationRequests).toBe(0);
  });

  it("carries the backend's hint for a refusal", async () => {
    const { backend, locator } = setup();
    backend.setAuthorizationStatus('denied');
    const hinted = new HintedBackend({ track: parseSimulationSpec('1,2') });
    hinted.setAuthorizationStatus('denied');
    const withHint = new Locator(() => hinted);
    expect((await failure(withHint.ensureAccess())).hint).toBe('the backend says how');
    expect((await failure(locator.ensureAccess())).hint).toBeUndefined();
  });
});
