/**
 * The process-wide locator behind the package's functions. Kept in a module
 * of its own so the test kit can reach the same instance the app uses.
 */
import { BackendRegistry } from './backends/resolve.js';
import { Locator } from './locator.js';

export const defaultRegistry = new BackendRegistry();
export const defaultLocator = new Locator((choice) => defaultRegistry.resolve(choice).backend);
