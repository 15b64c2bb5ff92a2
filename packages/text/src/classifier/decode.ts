import type { TextClassifierState, TextPrediction } from './types.js';

/** Softmax of each row of logits [B, C] into predictions, applying the abstain threshold if any. */
export function decodeLogits(logits: Float32Array, state: TextClassifierState, truncated: readonly boolean[]): TextPrediction[] {
  const c = state.labels.length;
  const threshold = state.abstain?.threshold;
  return truncated.map((cut, i) => {
    const row = logits.subarray(i * c, (i + 1) * c);
    let best = 0;
    for (let k = 1; k < c; k++) if (row[k]! > row[best]!) best = k;
    // subtracting the max keeps exp() finite for any logits
    const exps = Array.from(row, (v) => Math.exp(v - row[best]!));
    const total = exps.reduce((s, v) => s + v, 0);
    const scores: Record<string, number> = {};
    state.labels.forEach((label, k) => (scores[label] = exps[k]! / total));
    const score = 1 / total;
    const label = threshold !== undefined && score < threshold ? null : state.labels[best]!;
    return { label, score, scores, truncated: cut };
  });
}

/**
 * Multi-label: an independent sigmoid per label; `labels` are those reaching their threshold (most
 * probable first), `label` the first of them or null when none applies.
 */
export function decodeMultiLabel(logits: Float32Array, state: TextClassifierState, truncated: readonly boolean[]): TextPrediction[] {
  const c = state.labels.length;
  return truncated.map((cut, i) => {
    const probs = Array.from(logits.subarray(i * c, (i + 1) * c), (x) => 1 / (1 + Math.exp(-x)));
    const scores: Record<string, number> = {};
    state.labels.forEach((label, k) => (scores[label] = probs[k]!));
    const order = probs.map((_, k) => k).sort((a, b) => probs[b]! - probs[a]!);
    const labels = order.filter((k) => probs[k]! >= (state.thresholds?.[k] ?? 0.5)).map((k) => state.labels[k]!);
    return { label: labels[0] ?? null, score: probs[order[0]!]!, scores, labels, truncated: cut };
  });
}
