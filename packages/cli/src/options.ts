import { isIP } from 'node:net';
import { ConfigError, InputError, resolveEncoding } from '@attune/core';
import { MAX_CONFIG_FILE_BYTES, readTextFile } from './data/text-file.js';

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

/** A JSON object from `--config <file>` (UTF-8, a byte-order mark allowed, as editors on Windows save it). */
export async function readConfigFile(file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  const text = await readTextFile(file, undefined, MAX_CONFIG_FILE_BYTES); // decodeText drops the byte-order mark
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
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
  '--max-batch': 65_536,
  '--max-delay': 60_000,
  '--body-limit': 1024 ** 3,
  '--max-inputs': 65_536,
  '--max-connections': 1_000_000,
  // timers: Node turns a delay over 2^31-1 ms into 1 ms, so the longest is about 24.8 days
  '--request-timeout': 2 ** 31 - 1,
  '--drain-timeout': 2 ** 31 - 1,
  '--per-word': 100_000,
  '--rate': 96_000,
};
const maxOf = (flag: string) => FLAG_MAXIMA[flag] ?? Number.MAX_SAFE_INTEGER;

/**
 * A flag's value as a number when it is written in decimal (`8`, `1e3`, `0.5`, `.5`), NaN otherwise:
 * `Number()` alone would also take `0x10`, `0b11`, `Infinity` and an empty string (0).
 */
export function decimalNumber(value: string): number {
  return /^\s*\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
}

/** Commander option parsers that fail as ConfigErrors (exit code 2) naming the flag and its range. */
export const positiveInt = (flag: string) => (value: string) => {
  const n = decimalNumber(value);
  if (!Number.isInteger(n) || n < 1 || n > maxOf(flag)) throw new ConfigError(flag, value, `an integer in [1, ${maxOf(flag)}]`);
  return n;
};
export const nonNegativeInt = (flag: string) => (value: string) => {
  const n = decimalNumber(value);
  if (!Number.isInteger(n) || n < 0 || n > maxOf(flag)) throw new ConfigError(flag, value, `an integer in [0, ${maxOf(flag)}]`);
  return n;
};
export const positiveNumber = (flag: string) => (value: string) => {
  const n = decimalNumber(value);
  if (!Number.isFinite(n) || n <= 0 || n > maxOf(flag)) throw new ConfigError(flag, value, `a number > 0 and at most ${maxOf(flag)}`);
  return n;
};
export const fraction = (flag: string) => (value: string) => {
  const n = decimalNumber(value);
  if (!Number.isFinite(n) || n < 0 || n >= 1) throw new ConfigError(flag, value, 'a number in [0, 1)');
  return n;
};
/** A TCP port, 0 (any free port) to 65535. */
export const port = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n > 65535) throw new ConfigError(flag, value, 'a port number from 0 to 65535 (0 picks a free one)');
  return n;
};

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** An IP address or DNS name (IPv6 with or without brackets), as given, brackets removed; undefined if it is neither. */
export function hostOf(value: string): string | undefined {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(bare) === 6) return bare;
  if (bare !== value) return undefined;
  return isIP(value) === 4 || HOSTNAME.test(value) ? value : undefined;
}
export const host = (flag: string) => (value: string) => {
  const h = hostOf(value);
  if (h === undefined) throw new ConfigError(flag, value, 'an IP address (127.0.0.1, ::1, 0.0.0.0) or a host name');
  return h;
};
/** Repeatable `--allowed-host`: host names (or `*` for any), collected. */
export const allowedHost = (flag: string) => (value: string, previous: string[] = []) => {
  if (value !== '*' && hostOf(value) === undefined) throw new ConfigError(flag, value, 'a host name or IP address as clients write it in the Host header, or * for any');
  return [...previous, value === '*' ? value : hostOf(value)!.toLowerCase()];
};
export const collect = (value: string, previous: string[] = []) => [...previous, value];
/** `--encoding`: any label TextDecoder knows, checked before any file is read. */
export const textEncoding = (flag: string) => (value: string) => {
  resolveEncoding(value, flag);
  return value;
};

/** The data-reading flags a plugin's reader may use. */
export interface DataFlags {
  textColumn?: string;
  labelColumn?: string;
  userColumn?: string;
  itemColumn?: string;
  timeColumn?: string;
  /** Text encoding of data files (default UTF-8). */
  encoding?: string;
}
export const dataOptionsOf = (o: DataFlags) => ({
  textColumn: o.textColumn, labelColumn: o.labelColumn, userColumn: o.userColumn, itemColumn: o.itemColumn, timeColumn: o.timeColumn,
  encoding: o.encoding,
});
