/**
 * The backends a registry has created, one per key (kind and path or spec),
 * so every request for the same backend shares its threads, helper process
 * and the core's state kept per backend.
 */
import type { Backend } from './contract.js';

export class BackendInstances {
  readonly #byKey = new Map<string, Backend>();

  /** The backend for this key, created on first use. */
  get(key: string, create: () => Backend): Backend {
    let backend = this.#byKey.get(key);
    if (!backend) {
      backend = create();
      this.#byKey.set(key, backend);
    }
    return backend;
  }

  closeAll(): void {
    for (const backend of this.#byKey.values()) backend.close();
    this.#byKey.clear();
  }
}
