import { AttuneError } from './attune-error.js';

/** A module or trainer was configured with a value it cannot work with. Thrown at construction. */
export class ConfigError extends AttuneError {
  /** Dotted path of the offending field, e.g. `attention.numHeads`. */
  readonly field: string;

  constructor(field: string, value: unknown, expected: string) {
    super('INVALID_CONFIG', `Invalid ${field}: got ${describe(value)}; expected ${expected}.`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}
