import { InputError } from '../errors/input-error.js';

/**
 * The message of the `InputError` that `run` throws, for asserting on it (`expect(inputErrorMessage(() =>
 * parse(bad))).toMatch(/line 2/)`). Anything else thrown, or nothing, fails with an error that says so.
 */
export function inputErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw new Error(`expected an InputError; got ${String((error as Error)?.stack ?? error)}`);
  }
  throw new Error('expected an InputError; nothing was thrown');
}
