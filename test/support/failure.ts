import { expect } from 'vitest';
import { LocationError } from '../../src/errors.js';

/** The LocationError a promise rejects with; a promise that resolves instead fails the test, saying with what. */
export async function failure(promise: Promise<unknown>): Promise<LocationError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(LocationError);
  return outcome.error as LocationError;
}
