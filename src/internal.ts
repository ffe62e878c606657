/**
 * Internals that the repository's own tests and benches drive from the built
 * package (dist/internal.js). Not in package.json's exports: users cannot
 * import it. One entry point rather than one per module, so the bundle that
 * users load stays in few files.
 */
export { Locator } from './locator.js';
export { defaultLocator, defaultRegistry } from './default-locator.js';
export { loadAddon } from './backends/addon-loader.js';
export { findHelper } from './backends/helper-locator.js';
export { HelperProvider, HELPER_HANDSHAKE_MS } from './backends/helper-provider.js';
export { NativeBackend } from './backends/native-backend.js';
