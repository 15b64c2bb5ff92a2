import { AttuneError } from '../errors/attune-error.js';
import { ConfigError, describe } from '../errors/config-error.js';

/** What one setting may be: a number within bounds, or one of a list of values. */
export type SettingRule = SettingRange | SettingChoice;

/** The values a setting takes (e.g. a pooling kind, or true/false). */
export interface SettingChoice {
  oneOf: readonly unknown[];
}

/** The bounds of one numeric setting (inclusive), and any non-number values it also takes. */
export interface SettingRange {
  min: number;
  max: number;
  integer?: boolean;
  /** Values besides numbers that the setting accepts, e.g. `'all'` or `null`. */
  alsoAllowed?: readonly unknown[];
}

/**
 * The most parameters a plugin's model may have. Training keeps about 16 bytes per parameter
 * (weights, gradients and two AdamW moments) and an ONNX file cannot exceed 2 GB, so far larger
 * settings cannot train on the machines this SDK targets: refused up front, not as an allocation failure.
 */
export const MAX_MODEL_PARAMETERS = 100_000_000;

/**
 * Checks model settings before anything is built: every key must be one the plugin declares (its
 * `defaultConfig`), with the nearest known key suggested for a typo, and every setting with a rule
 * in the plugin's `settingRules` must follow it (numbers within bounds, choices from their list).
 */
export function checkSettings(
  plugin: { id: string; defaultConfig: object; settingRules?: Readonly<Record<string, SettingRule | undefined>> },
  given: object,
  merged: object,
): void {
  const known = Object.keys(plugin.defaultConfig);
  for (const [key, value] of Object.entries(given)) {
    if (known.includes(key) || value === undefined) continue; // undefined: "use the default", as the merge does
    const near = nearest(key, known);
    throw new AttuneError(
      'INVALID_CONFIG',
      `Unknown setting "${key}" for ${plugin.id}${near ? `; did you mean "${near}"?` : '.'} Known settings: ${known.join(', ')}.`,
    );
  }
  for (const [key, rule] of Object.entries(plugin.settingRules ?? {})) {
    if (!rule) continue;
    const value = (merged as Record<string, unknown>)[key];
    if ('oneOf' in rule) {
      if (!rule.oneOf.includes(value)) throw new ConfigError(key, value, `one of ${rule.oneOf.map((v) => JSON.stringify(v)).join(', ')}`);
      continue;
    }
    const range = rule;
    if (range.alsoAllowed?.includes(value)) continue;
    const fits = typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
    if (!fits) {
      const others = range.alsoAllowed?.length ? ` or ${range.alsoAllowed.map(describe).join(' or ')}` : '';
      throw new ConfigError(key, value, `${range.integer ? 'an integer' : 'a number'} in [${range.min}, ${range.max}]${others}`);
    }
  }
  // attention splits dModel evenly over the heads; checked here so a mismatch is named by its setting
  // before any data is read, not by a layer's internal path after the model is built
  const { dModel, numHeads } = merged as { dModel?: unknown; numHeads?: unknown };
  if (typeof dModel === 'number' && typeof numHeads === 'number' && numHeads > 0 && dModel % numHeads !== 0) {
    throw new ConfigError('numHeads', numHeads, `a divisor of dModel (${dModel}), such as ${largestDivisorUpTo(dModel, numHeads)}`);
  }
}

function largestDivisorUpTo(n: number, most: number): number {
  for (let d = Math.min(most, n); d > 1; d--) if (n % d === 0) return d;
  return 1;
}

/** Refuses a model too large to train here, naming its size and the limit. */
export function checkParameterCount(pluginId: string, parameters: number): void {
  if (parameters <= MAX_MODEL_PARAMETERS) return;
  throw new AttuneError(
    'INVALID_CONFIG',
    `These settings make a ${pluginId} model of ${(parameters / 1e6).toFixed(1)} million parameters; the limit is ${MAX_MODEL_PARAMETERS / 1e6} million ` +
      '(training keeps 16 bytes per parameter). Lower dModel, ffnDim, numLayers or the vocabulary size.',
  );
}

/** Parameters of a stack of pre-norm Transformer encoder layers (attention, feed-forward, two norms) and a final norm. */
export function encoderParameters({ dModel: d, numLayers, ffnDim }: { dModel: number; numLayers: number; ffnDim: number }): number {
  const layer = 4 * d * d + 4 * d + 2 * d * ffnDim + ffnDim + d + 4 * d;
  return numLayers * layer + 2 * d;
}

/** The known key closest to `key` by edit distance (case-insensitive), if it is close enough to be a typo. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
