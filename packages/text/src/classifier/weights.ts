import { ConfigError } from '@attune/core';
import type { TextClassifierConfig } from './types.js';

/**
 * The loss's weight per label from `config.classWeights`, in `labels` order; undefined for `none`.
 * `balanced` multi-class: N / (C · n_c), so every class carries the same total weight (sklearn's
 * rule). `balanced` multi-label: n_negative / n_positive per label (at most 100), which makes a
 * label's positives weigh as much as its negatives.
 */
export function classWeightsFor(
  setting: TextClassifierConfig['classWeights'],
  labels: readonly string[],
  labelSets: ReadonlyArray<readonly string[]>,
  multiLabel: boolean,
): number[] | undefined {
  if (setting === 'none' || setting === undefined) return undefined;
  if (setting === 'balanced') {
    const counts = new Map(labels.map((l) => [l, 0]));
    for (const set of labelSets) for (const l of new Set(set)) counts.set(l, counts.get(l)! + 1);
    const n = labelSets.length;
    return labels.map((l) => {
      const c = Math.max(1, counts.get(l)!);
      return multiLabel ? Math.min(100, Math.max(1, (n - c) / c)) : n / (labels.length * c);
    });
  }
  if (typeof setting !== 'object' || setting === null) {
    throw new ConfigError('classWeights', setting, "'none', 'balanced' or an object of label → positive weight");
  }
  for (const [label, w] of Object.entries(setting)) {
    if (!labels.includes(label)) throw new ConfigError(`classWeights.${label}`, w, `a weight for a known label (${labels.length} labels; "${label}" is not one)`);
    if (!(typeof w === 'number' && Number.isFinite(w) && w > 0)) throw new ConfigError(`classWeights.${label}`, w, 'a positive finite number');
  }
  return labels.map((l) => setting[l] ?? 1);
}
