/**
 * Base class of every error Attune throws on purpose. `code` is stable and machine-readable;
 * `message` says what was wrong and how to fix it.
 *
 * `AttuneError.isInstance(e)` works across bundle copies (two copies of core in one app would
 * break `instanceof`), the same trick vercel/ai uses for its errors.
 */
const marker = Symbol.for('attune.error');

export type AttuneErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_INPUT'
  | 'NON_FINITE_LOSS'
  | 'ABORTED'
  | 'CHECKPOINT_MISMATCH'
  | 'BACKEND_UNAVAILABLE';

export class AttuneError extends Error {
  readonly [marker] = true;
  readonly code: AttuneErrorCode;

  constructor(code: AttuneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'AttuneError';
  }

  static isInstance(value: unknown): value is AttuneError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
