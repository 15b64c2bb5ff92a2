import { ConfigError } from '@attune/core';
import type { AbstainState } from './types.js';

/**
 * Checks `abstain` before training starts: a NaN or out-of-range threshold would otherwise be
 * saved and silently never (or always) abstain, and a bad target would fail only after training.
 */
export function checkAbstainOption(abstain: unknown): void {
  if (typeof abstain !== 'object' || abstain === null || Array.isArray(abstain)) {
    throw new ConfigError('abstain', abstain, '{ targetPrecision: p } or { threshold: t }');
  }
  const rule = abstain as { threshold?: unknown; targetPrecision?: unknown };
  if ('threshold' in rule === 'targetPrecision' in rule) {
    throw new ConfigError('abstain', `{ ${Object.keys(abstain).join(', ')} }`, 'exactly one of { targetPrecision: p } or { threshold: t }');
  }
  if ('threshold' in rule) checkAbstainThreshold(rule.threshold, 'abstain.threshold');
  else if (!(typeof rule.targetPrecision === 'number' && rule.targetPrecision > 0 && rule.targetPrecision <= 1)) {
    throw new ConfigError('abstain.targetPrecision', rule.targetPrecision, 'a number in (0, 1]');
  }
}

/** A softmax score threshold: a number in [0, 1] (predictions scoring under it get `label: null`). */
export function checkAbstainThreshold(threshold: unknown, field: string): void {
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) throw new ConfigError(field, threshold, 'a number in [0, 1]');
}

/**
 * The lowest score threshold whose accepted predictions (score ≥ threshold) are still at least
 * `targetPrecision` correct on held-out data: it abstains as little as the target allows.
 * Scanning predictions from the most to the least confident, precision is measured only where the
 * score changes, since a threshold cannot split a tie. When not even the most confident predictions
 * reach the target, the threshold is the top score nudged up: the model then abstains on everything
 * that scored like validation did, which is the honest answer.
 */
export function learnAbstainThreshold(
  scored: ReadonlyArray<{ score: number; correct: boolean }>,
  targetPrecision: number,
): AbstainState {
  if (!(targetPrecision > 0 && targetPrecision <= 1)) {
    throw new ConfigError('abstain.targetPrecision', targetPrecision, 'a number in (0, 1]');
  }
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let hits = 0;
  let best: AbstainState | undefined;
  for (let i = 0; i < sorted.length; i++) {
    hits += sorted[i]!.correct ? 1 : 0;
    if (i + 1 < sorted.length && sorted[i + 1]!.score === sorted[i]!.score) continue;
    const precision = hits / (i + 1);
    if (precision >= targetPrecision) {
      best = { threshold: sorted[i]!.score, targetPrecision, validationPrecision: precision, validationCoverage: (i + 1) / sorted.length };
    }
  }
  const top = sorted[0]?.score ?? 1;
  return best ?? { threshold: Math.min(1, top + 1e-6), targetPrecision, validationPrecision: 0, validationCoverage: 0 };
}
