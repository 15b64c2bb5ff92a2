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

/** A value as a message shows it: strings quoted, arrays and objects as JSON (cut short), never `[object Object]`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined; // a cycle or a BigInt: the type is all there is to say
    }
    if (json === undefined) return Array.isArray(value) ? 'an array' : 'an object';
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  }
  return String(value);
}
