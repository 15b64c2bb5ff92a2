import { ConfigError } from '../errors/config-error.js';

/** Config checks shared by every module: each names the field, the value and what is expected. */
export function positiveInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(field, value, 'a positive integer');
  }
  return value;
}

export function nonNegativeInt(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ConfigError(field, value, 'a non-negative integer');
  }
  return value;
}

export function positiveNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(field, value, 'a finite number > 0');
  }
  return value;
}

export function nonNegativeNumber(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(field, value, 'a finite number >= 0');
  }
  return value;
}

/** A probability-like rate in [0, 1). */
export function rate(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError(field, value, 'a number in [0, 1)');
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new ConfigError(field, value, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return value as T;
}
