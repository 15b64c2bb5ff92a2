import { readFileSync } from 'node:fs';
import { ConfigError, InputError } from '@attune/core';

/** `--set key=value` pairs as a config object; values are JSON when they parse (`32`, `true`, `"x"`), text otherwise. */
export function parseSets(pairs: readonly string[] = []): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ConfigError('--set', pair, 'key=value, e.g. --set dModel=64');
    const key = pair.slice(0, at);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new ConfigError('--set', key, 'a model setting name');
    const raw = pair.slice(at + 1);
    try {
      config[key] = JSON.parse(raw);
    } catch {
      config[key] = raw;
    }
  }
  return config;
}

/** A JSON object from `--config <file>`. */
export function readConfigFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${file} must hold a JSON object of model settings.`);
  return value as Record<string, unknown>;
}

/**
 * The largest value each numeric flag takes: far beyond any sensible run, well short of values
 * that would allocate without bound, run for ever or overflow a seed. Parsers look their flag up here.
 */
export const FLAG_MAXIMA: Readonly<Record<string, number>> = {
  '--threads': 1024,
  '--epochs': 100_000,
  '--batch-size': 65_536,
  '--lr': 1, // AdamW's peak rate: above 1 every run diverges
  '--seed': 2 ** 32 - 1,
  '--patience': 100_000,
  '--checkpoint-every': 1_000_000_000,
  '--seconds': 3600,
  '--warmup': 100_000,
  '--port': 65_535,
  '--max-batch': 65_536,
  '--max-delay': 60_000,
  '--body-limit': 1024 ** 3,
  '--max-inputs': 65_536,
  '--per-word': 100_000,
  '--rate': 96_000,
};
const maxOf = (flag: string) => FLAG_MAXIMA[flag] ?? Number.MAX_SAFE_INTEGER;

/** Commander option parsers that fail as ConfigErrors (exit code 2) naming the flag and its range. */
export const positiveInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > maxOf(flag)) throw new ConfigError(flag, value, `an integer in [1, ${maxOf(flag)}]`);
  return n;
};
export const nonNegativeInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > maxOf(flag)) throw new ConfigError(flag, value, `an integer in [0, ${maxOf(flag)}]`);
  return n;
};
export const positiveNumber = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > maxOf(flag)) throw new ConfigError(flag, value, `a number > 0 and at most ${maxOf(flag)}`);
  return n;
};
export const fraction = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new ConfigError(flag, value, 'a number in [0, 1)');
  return n;
};
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The data-reading flags a plugin's reader may use. */
export interface DataFlags {
  textColumn?: string;
  labelColumn?: string;
  userColumn?: string;
  itemColumn?: string;
  timeColumn?: string;
}
export const dataOptionsOf = (o: DataFlags) => ({
  textColumn: o.textColumn, labelColumn: o.labelColumn, userColumn: o.userColumn, itemColumn: o.itemColumn, timeColumn: o.timeColumn,
});
