/**
 * The README says the kit works under fake timers once they are advanced:
 * the facade's callbacks and the core's timeouts both run on them.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { geolocation } from '../../src/geolocation/index.js';
import { getLocation, LocationError } from '../../src/index.js';
import { installScriptedLocation } from '../../src/testing/index.js';

afterEach(() => {
  vi.useRealTimers();
});

it('delivers callbacks and timeouts when fake timers are advanced', async () => {
  vi.useFakeTimers();
  const location = installScriptedLocation({ latitude: 1, longitude: 2 });
  try {
    const success = vi.fn();
    geolocation.getCurrentPosition(success);
    await vi.advanceTimersByTimeAsync(1);
    expect(success).toHaveBeenCalledTimes(1);

    location.setNeverAnswer(true);
    let settled = false;
    const pending = getLocation({ timeout: 5000 }).catch((error: unknown) => error);
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(4999);
    expect(settled).toBe(false);
    expect(location.requestCount).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(LocationError);
    expect((error as LocationError).code).toBe('TIMEOUT');
  } finally {
    location.uninstall();
  }
});
