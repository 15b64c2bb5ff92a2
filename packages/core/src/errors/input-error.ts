import { AttuneError } from './attune-error.js';

/** Data handed to a forward pass, `fit()` or a metric has the wrong shape, type or content. */
export class InputError extends AttuneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
    this.name = 'InputError';
  }
}
