/**
 * Chooses the backend for a request. `auto` means: the simulator when
 * WHEREAMI_SIMULATE is set; on macOS the in-process addon when this process's
 * bundle declares a location usage description, else the helper executable
 * (which carries its own); on Linux the addon's GeoClue provider. The choice
 * and the reason are visible through getBackendInfo().
 */
import { BACKEND_NAMES, type BackendChoice, type BackendName } from '../types.js';
import { loadAddon, type AddonLoad } from './addon-loader.js';
import type { Backend } from './contract.js';
import { findHelper, type HelperLookup } from './helper-locator.js';
import { HelperProvider } from './helper-provider.js';
import { unsupportedError } from './hints/unsupported.js';
import { BackendInstances } from './instances.js';
import { NativeBackend } from './native-backend.js';
import type { NativeProvider } from './native-binding.js';
import { SimulatedBackend } from './simulated.js';
import { parseSimulationSpec } from './simulation/spec.js';

/** What the registry finds and starts backends with; tests replace them to drive the selection policy. */
export interface RegistryDeps {
  loadAddon(env: NodeJS.ProcessEnv): AddonLoad;
  findHelper(env: NodeJS.ProcessEnv): HelperLookup;
  startHelper(path: string): NativeProvider;
}

const REAL_DEPS: RegistryDeps = { loadAddon, findHelper, startHelper: (path) => new HelperProvider(path) };

/**
 * What a helper backend reports before its helper said hello: the helper is
 * built against CoreLocation only. Once it has spoken, its hello's provider
 * is reported instead (NativeBackend.info).
 */
const HELPER_PROVIDER_BEFORE_HELLO = 'corelocation';

export interface Resolution {
  backend: Backend;
  /** Why this backend was chosen, in words for a person. */
  reason: string;
}

/** A failed attempt may say what would fix it (the addon's load hint). */
type Attempt = { ok: true; resolution: Resolution } | { ok: false; why: string; hint?: string };

export class BackendRegistry {
  readonly #env: NodeJS.ProcessEnv;
  #simulation: string | undefined;
  readonly #platform: NodeJS.Platform;
  readonly #instances = new BackendInstances();
  readonly #deps: RegistryDeps;
  #override: Backend | undefined;
  /**
   * WHEREAMI_BACKEND and WHEREAMI_SIMULATE, read on first use and kept:
   * reading process.env costs more than a cached answer. closeAll() and
   * setOverride() read them again.
   */
  #settings: { backend: string | undefined; simulate: string | undefined } | undefined;
  /** Each choice's last answer, so a request pays a map lookup, not the choosing; dropped with #settings. */
  readonly #resolved = new Map<BackendChoice, Resolution>();

  constructor(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, deps: Partial<RegistryDeps> = {}) {
    this.#env = env;
    this.#platform = platform;
    this.#deps = { ...REAL_DEPS, ...deps };
  }

  /** Routes every request to this backend (the test kit uses it); undefined restores the normal choice. */
  setOverride(backend: Backend | undefined): void {
    this.#override = backend;
    this.#forget();
  }

  /**
   * A simulation spec handed in by the caller (the CLI's --simulate), used
   * ahead of WHEREAMI_SIMULATE, so nothing has to write process.env;
   * undefined drops it.
   */
  setSimulation(spec: string | undefined): void {
    this.#simulation = spec;
    this.#forget();
  }

  /** @throws LocationError (UNSUPPORTED_PLATFORM, INVALID_SIMULATION) when nothing can serve. */
  resolve(choice: BackendChoice): Resolution {
    if (this.#override) return { backend: this.#override, reason: 'set by the test kit' };
    let resolution = this.#resolved.get(choice);
    if (!resolution) {
      resolution = this.#choose(choice);
      this.#resolved.set(choice, resolution);
    }
    return resolution;
  }

  #choose(choice: BackendChoice): Resolution {
    const fromEnv = this.#read().backend;
    if (choice === 'auto' && fromEnv) {
      if (!(BACKEND_NAMES as readonly string[]).includes(fromEnv)) {
        throw new RangeError(`WHEREAMI_BACKEND must be one of ${BACKEND_NAMES.join(', ')}, got ${JSON.stringify(fromEnv)}`);
      }
      choice = fromEnv as BackendChoice;
    }
    if (choice !== 'auto') {
      const attempt = this.#attempt(choice);
      if (attempt.ok) return attempt.resolution;
      throw unsupportedError(`The ${choice} backend cannot serve here: ${attempt.why}.`, this.#platform, attempt.hint);
    }
    return this.#auto();
  }

  /** Closes every backend this registry created. */
  closeAll(): void {
    this.#instances.closeAll();
    this.#forget();
  }

  #forget(): void {
    this.#settings = undefined;
    this.#resolved.clear();
  }

  #read(): { backend: string | undefined; simulate: string | undefined } {
    return (this.#settings ??= { backend: this.#env['WHEREAMI_BACKEND'], simulate: this.#env['WHEREAMI_SIMULATE'] });
  }

  #auto(): Resolution {
    const tried: string[] = [];
    const simulate = this.#simulation ?? this.#read().simulate;
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
    throw unsupportedError(`No location backend can serve on ${this.#platform}. Tried ${tried.join('; ')}.`, this.#platform, hint);
  }

  /**
   * A plain process (node, a CLI) has no bundle with a location usage
   * description, and macOS may then never prompt it: the helper, which
   * carries its own Info.plist, goes first. An app with its own bundle and
   * usage string (Electron, a packaged app) is served in-process.
   */
  #autoOrder(): BackendName[] {
    if (this.#platform !== 'darwin') return ['addon'];
    const load = this.#deps.loadAddon(this.#env);
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
    const spec = this.#simulation ?? this.#read().simulate;
    if (!spec) return { ok: false, why: 'WHEREAMI_SIMULATE is not set' };
    const backend = this.#instances.get(`simulated:${spec}`, () => new SimulatedBackend({ track: parseSimulationSpec(spec) }));
    return { ok: true, resolution: { backend, reason: `simulating ${spec}` } };
  }

  #helper(): Attempt {
    const lookup = this.#deps.findHelper(this.#env);
    if (!lookup.ok) return { ok: false, why: `no whereami-helper executable (${lookup.failures.join(', ')})` };
    const { path } = lookup;
    const backend = this.#instances.get(
      `helper:${path}`,
      () => new NativeBackend(this.#deps.startHelper(path), { name: 'helper', provider: HELPER_PROVIDER_BEFORE_HELLO, detail: path }),
    );
    const why = this.#platform === 'darwin' ? 'this process has no bundle with a location usage description, so ' : '';
    return { ok: true, resolution: { backend, reason: `${why}the helper at ${lookup.path} asks instead` } };
  }

  #addon(): Attempt {
    const load: AddonLoad = this.#deps.loadAddon(this.#env);
    if (!load.ok) return { ok: false, why: `no native addon loaded (${load.failures.join(', ')})`, hint: load.hint };
    const { binding, path } = load;
    const backend = this.#instances.get(
      `addon:${path}`,
      // The identity an in-process request asks as: this process's bundle (macOS) or desktop id (GeoClue).
      () => new NativeBackend(binding.createProvider(), { name: 'addon', provider: binding.provider, detail: path, bundle: binding.bundleInfo() }),
    );
    return { ok: true, resolution: { backend, reason: `native addon at ${load.path}` } };
  }
}
