/**
 * What a closed backend answers. close() releases its threads and processes
 * for good; a request or watch after it must fail clearly instead of quietly
 * starting them again.
 */
import { LocationError } from '../errors.js';

export function backendClosedError(name: string): LocationError {
  return new LocationError('ABORTED', `The ${name} backend was closed; it answers no more requests.`, {
    hint: 'Create a new backend (or locator) to ask again.',
  });
}
