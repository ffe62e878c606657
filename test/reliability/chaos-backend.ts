/**
 * A backend that answers at random times, sometimes fails, sometimes shows a
 * permission prompt first, sometimes answers so late that every caller has
 * given up, and never answers a request for 3 km or coarser: only the
 * core's cancel ends those. Which request fails or lags is fixed by its
 * index (so any storm with ten requests reaches every path); when is random.
 * It keeps a record of every provider request, so a test can check what each
 * caller got against what was asked of the provider.
 */
import type { Backend, ProviderRequest, ProviderWatch } from '../../src/backends/contract.js';
import { LocationError } from '../../src/errors.js';
import type { Location } from '../../src/types.js';

export interface ChaosRequest {
  id: number;
  accuracy: number;
  maximumAge: number;
  startedAt: number;
  outcome: 'pending' | 'fix' | 'error' | 'aborted';
  /** Whether the core aborted the request's signal (nobody waited any more). */
  signalAborted: boolean;
}

/** A small deterministic generator, so a failing run can be replayed from its seed. */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** What each provider request does, by its index: a fifth fail, a fifth answer late. */
const KINDS = ['fix', 'fix', 'error', 'fix', 'late', 'fix', 'fix', 'error', 'fix', 'late'] as const;

export class ChaosBackend implements Backend {
  readonly info = { name: 'simulated' as const, provider: 'simulated' as const, detail: 'chaos' };
  readonly requests: ChaosRequest[] = [];
  readonly #random: () => number;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(random: () => number) {
    this.#random = random;
  }

  getLocation(request: ProviderRequest): Promise<Location> {
    const record: ChaosRequest = {
      id: this.requests.length,
      accuracy: request.accuracy,
      maximumAge: request.maximumAge,
      startedAt: Date.now(),
      outcome: 'pending',
      signalAborted: false,
    };
    this.requests.push(record);
    const kind = request.accuracy >= 3000 ? 'hang' : KINDS[record.id % KINDS.length];
    const delay = kind === 'late' ? 40 + Math.floor(this.#random() * 40) : Math.floor(this.#random() * 20);
    const prompt = this.#random() < 0.1 ? Math.floor(this.#random() * 30) : -1;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const later = (ms: number, then: () => void): void => {
        timer = setTimeout(() => {
          this.#timers.delete(timer as NodeJS.Timeout);
          then();
        }, ms);
        this.#timers.add(timer);
      };
      const settle = (outcome: ChaosRequest['outcome'], act: () => void): void => {
        if (record.outcome !== 'pending') throw new Error(`provider request ${record.id} settled twice`);
        record.outcome = outcome;
        act();
      };
      request.signal.addEventListener(
        'abort',
        () => {
          record.signalAborted = true;
          clearTimeout(timer);
          this.#timers.delete(timer as NodeJS.Timeout);
          if (record.outcome === 'pending') {
            settle('aborted', () => reject(new LocationError('ABORTED', 'cancelled by the core')));
          }
        },
        { once: true },
      );
      const answer = (): void => {
        if (record.outcome !== 'pending' || kind === 'hang') return;
        if (kind !== 'error') {
          settle('fix', () =>
            resolve({
              latitude: 52.52,
              longitude: 13.405,
              // A fix exactly as good as asked for; 'best' (0) gets 1 m.
              accuracy: Math.max(1, request.accuracy),
              timestamp: Date.now(),
              provider: 'simulated',
              // Which provider request made this fix, for the caller's check.
              floor: record.id,
            }),
          );
        } else {
          settle('error', () => reject(new LocationError('POSITION_UNAVAILABLE', `chaos request ${record.id} failed`)));
        }
      };
      if (prompt >= 0) {
        request.onPrompt?.(true);
        later(prompt, () => {
          request.onPrompt?.(false);
          later(delay, answer);
        });
      } else {
        later(delay, answer);
      }
    });
  }

  /** Watches are not what this backend tests: one that never reports. */
  watch(): ProviderWatch {
    return { stop: () => undefined };
  }

  /** Requests neither answered nor cancelled: what would leak. */
  get dangling(): ChaosRequest[] {
    return this.requests.filter((r) => r.outcome === 'pending' && !r.signalAborted);
  }

  get timersPending(): number {
    return this.#timers.size;
  }

  authorizationStatus = () => Promise.resolve('authorized' as const);
  requestAuthorization = () => Promise.resolve('authorized' as const);
  locationServicesEnabled = () => Promise.resolve(true);
  accuracyAuthorization = () => Promise.resolve('full' as const);
  reverseGeocode = () => Promise.resolve([]);
  forwardGeocode = () => Promise.resolve([]);
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
