/**
 * Chooses the backend for a request. `auto` means: the simulator when
 * WHEREAMI_SIMULATE is set; on macOS the in-process addon when this process's
 * bundle declares a location usage description, else the helper executable
 * (which carries its own); on Linux the addon's GeoClue provider. The choice
 * and the reason are visible through getBackendInfo().
 */
import { LocationError } from '../errors.js';
import type { BackendChoice, BackendName } from '../types.js';
import { loadAddon, type AddonLoad } from './addon-loader.js';
import type { Backend } from './contract.js';
import { findHelper } from './helper-locator.js';
import { GEOCLUE_SETUP_HINT } from './hints/geoclue.js';
import { HelperProvider } from './helper-provider.js';
import { NativeBackend } from './native-backend.js';
import { SimulatedBackend } from './simulated.js';
import { parseSimulationSpec } from './simulation/spec.js';

export interface Resolution {
  backend: Backend;
  /** Why this backend was chosen, in words for a person. */
  reason: string;
}

/** A failed attempt may say what would fix it (the addon's load hint). */
type Attempt = { ok: true; resolution: Resolution } | { ok: false; why: string; hint?: string };

const NAMES: readonly BackendChoice[] = ['auto', 'addon', 'helper', 'simulated'];

export class BackendRegistry {
  readonly #env: NodeJS.ProcessEnv;
  #simulation: string | undefined;
  readonly #platform: NodeJS.Platform;
  readonly #instances = new Map<string, Backend>();
  #override: Backend | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform) {
    this.#env = env;
    this.#platform = platform;
  }

  /** Routes every request to this backend (the test kit uses it); undefined restores the normal choice. */
  setOverride(backend: Backend | undefined): void {
    this.#override = backend;
  }

  /**
   * A simulation spec handed in by the caller (the CLI's --simulate), used
   * ahead of WHEREAMI_SIMULATE, so nothing has to write process.env;
   * undefined drops it.
   */
  setSimulation(spec: string | undefined): void {
    this.#simulation = spec;
  }

  /** @throws LocationError (UNSUPPORTED_PLATFORM, INVALID_SIMULATION) when nothing can serve. */
  resolve(choice: BackendChoice): Resolution {
    if (this.#override) return { backend: this.#override, reason: 'set by the test kit' };
    const fromEnv = this.#env['WHEREAMI_BACKEND'];
    if (choice === 'auto' && fromEnv) {
      if (!(NAMES as readonly string[]).includes(fromEnv)) {
        throw new RangeError(`WHEREAMI_BACKEND must be one of ${NAMES.join(', ')}, got ${JSON.stringify(fromEnv)}`);
      }
      choice = fromEnv as BackendChoice;
    }
    if (choice !== 'auto') {
      const attempt = this.#attempt(choice);
      if (attempt.ok) return attempt.resolution;
      throw unsupported(`The ${choice} backend cannot serve here: ${attempt.why}.`, this.#platform, attempt.hint);
    }
    return this.#auto();
  }

  /** Closes every backend this registry created. */
  closeAll(): void {
    for (const backend of this.#instances.values()) backend.close();
    this.#instances.clear();
  }

  #auto(): Resolution {
    const tried: string[] = [];
    const simulate = this.#simulation ?? this.#env['WHEREAMI_SIMULATE'];
    if (simulate) {
      const attempt = this.#attempt('simulated');
      if (attempt.ok) return { ...attempt.resolution, reason: this.#simulation ? 'a simulation was asked for' : 'WHEREAMI_SIMULATE is set' };
    }
    tried.push('simulated: WHEREAMI_SIMULATE is not set');
    let hint: string | undefined;
    for (const name of this.#autoOrder()) {
      const attempt = this.#attempt(name);
      if (attempt.ok) return attempt.resolution;
      tried.push(`${name}: ${attempt.why}`);
      hint ??= attempt.hint;
    }
    throw unsupported(`No location backend can serve on ${this.#platform}. Tried ${tried.join('; ')}.`, this.#platform, hint);
  }

  /**
   * A plain process (node, a CLI) has no bundle with a location usage
   * description, and macOS may then never prompt it: the helper, which
   * carries its own Info.plist, goes first. An app with its own bundle and
   * usage string (Electron, a packaged app) is served in-process.
   */
  #autoOrder(): BackendName[] {
    if (this.#platform !== 'darwin') return ['addon'];
    const load = loadAddon(this.#env);
    return load.ok && load.binding.bundleInfo().hasLocationUsageDescription ? ['addon', 'helper'] : ['helper', 'addon'];
  }

  #attempt(name: BackendName): Attempt {
    switch (name) {
      case 'simulated':
        return this.#simulated();
      case 'addon':
        return this.#addon();
      case 'helper':
        return this.#helper();
    }
  }

  #simulated(): Attempt {
    const spec = this.#simulation ?? this.#env['WHEREAMI_SIMULATE'];
    if (!spec) return { ok: false, why: 'WHEREAMI_SIMULATE is not set' };
    const key = `simulated:${spec}`;
    let backend = this.#instances.get(key);
    if (!backend) {
      backend = new SimulatedBackend({ track: parseSimulationSpec(spec) });
      this.#instances.set(key, backend);
    }
    return { ok: true, resolution: { backend, reason: `simulating ${spec}` } };
  }

  #helper(): Attempt {
    const lookup = findHelper(this.#env);
    if (!lookup.ok) return { ok: false, why: `no whereami-helper executable (${lookup.failures.join(', ')})` };
    const key = `helper:${lookup.path}`;
    let backend = this.#instances.get(key);
    if (!backend) {
      backend = new NativeBackend(new HelperProvider(lookup.path), {
        name: 'helper',
        provider: 'corelocation',
        detail: lookup.path,
      });
      this.#instances.set(key, backend);
    }
    const why = this.#platform === 'darwin' ? 'this process has no bundle with a location usage description, so ' : '';
    return { ok: true, resolution: { backend, reason: `${why}the helper at ${lookup.path} asks instead` } };
  }

  #addon(): Attempt {
    const load: AddonLoad = loadAddon(this.#env);
    if (!load.ok) return { ok: false, why: `no native addon loaded (${load.failures.join(', ')})`, hint: load.hint };
    const key = `addon:${load.path}`;
    let backend = this.#instances.get(key);
    if (!backend) {
      backend = new NativeBackend(load.binding.createProvider(), {
        name: 'addon',
        provider: load.binding.provider,
        detail: load.path,
      });
      this.#instances.set(key, backend);
    }
    return { ok: true, resolution: { backend, reason: `native addon at ${load.path}` } };
  }
}

const SIMULATE_HINT = 'To try it anyway, simulate a position: WHEREAMI_SIMULATE=52.52,13.405 (or whereami --simulate 52.52,13.405).';

/** The hint says why the addon did not load and what fixes it (see loadHint), then how to simulate. */
function unsupported(message: string, platform: NodeJS.Platform, addonHint?: string): LocationError {
  const parts = [addonHint, platform === 'linux' ? GEOCLUE_SETUP_HINT : undefined, SIMULATE_HINT];
  return new LocationError('UNSUPPORTED_PLATFORM', message, { hint: parts.filter(Boolean).join(' ') });
}
