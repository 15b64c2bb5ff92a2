import { accuracy, argmaxRows, macroF1, type EvalResult } from '@attune/core';
import type { TextEncoded } from './encoded.js';

/** Multi-class: accuracy and macro-F1 of the arg-max. Multi-label: see `multiLabelMetrics`. */
export function textMetrics(outputs: EvalResult[], examples: readonly TextEncoded[], numClasses: number, multiLabel: boolean): Record<string, number> {
  if (multiLabel) {
    const scores = outputs.flatMap((o) => Array.from(o.output, (x) => 1 / (1 + Math.exp(-x))));
    return multiLabelMetrics(scores, examples.map((e) => e.labels ?? []), numClasses, new Array(numClasses).fill(0.5));
  }
  const predicted = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
  const truth = examples.map((e) => e.label);
  return { accuracy: accuracy(truth, predicted), macroF1: macroF1(truth, predicted, numClasses) };
}

/**
 * Multi-label metrics at per-label thresholds: `accuracy` is subset accuracy (every label right),
 * `microF1` pools every (text, label) decision, `macroF1` averages the per-label F1 (a label never
 * present nor predicted counts as 1).
 */
export function multiLabelMetrics(
  scores: ArrayLike<number>,
  truth: ReadonlyArray<readonly number[]>,
  numClasses: number,
  thresholds: readonly number[],
): Record<string, number> {
  const tp = new Array<number>(numClasses).fill(0);
  const fp = new Array<number>(numClasses).fill(0);
  const fn = new Array<number>(numClasses).fill(0);
  let exact = 0;
  truth.forEach((labels, i) => {
    const set = new Set(labels);
    let right = true;
    for (let k = 0; k < numClasses; k++) {
      const yes = scores[i * numClasses + k]! >= thresholds[k]!;
      if (yes && set.has(k)) tp[k]!++;
      else if (yes) (fp[k]!++, (right = false));
      else if (set.has(k)) (fn[k]!++, (right = false));
    }
    if (right) exact++;
  });
  const f1 = (t: number, p: number, n: number) => (t + p + n === 0 ? 1 : (2 * t) / (2 * t + p + n));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    accuracy: exact / Math.max(1, truth.length),
    microF1: f1(sum(tp), sum(fp), sum(fn)),
    macroF1: sum(tp.map((t, k) => f1(t, fp[k]!, fn[k]!))) / numClasses,
  };
}

/**
 * Per-label thresholds that maximise each label's F1 on validation scores, placed halfway between
 * the lowest accepted score and the next one (ties between equal F1: the threshold nearest 0.5). A label with no positives in validation keeps 0.5: there is nothing to fit.
 */
export function learnThresholds(scores: ArrayLike<number>, truth: ReadonlyArray<readonly number[]>, numClasses: number): number[] {
  return Array.from({ length: numClasses }, (_, k) => {
    const rows = truth.map((labels, i) => ({ s: scores[i * numClasses + k]!, y: labels.includes(k) }));
    const positives = rows.filter((r) => r.y).length;
    if (positives === 0) return 0.5;
    rows.sort((a, b) => b.s - a.s);
    let best = { f1: -1, threshold: 0.5 };
    let tp = 0;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]!.y) tp++;
      if (i + 1 < rows.length && rows[i + 1]!.s === rows[i]!.s) continue; // a threshold cannot split ties
      const f1 = (2 * tp) / (i + 1 + positives);
      // halfway to the next lower score: the widest margin that still accepts the same rows
      const threshold = i + 1 < rows.length ? (rows[i]!.s + rows[i + 1]!.s) / 2 : rows[i]!.s;
      if (f1 > best.f1 + 1e-12 || (Math.abs(f1 - best.f1) <= 1e-12 && Math.abs(threshold - 0.5) < Math.abs(best.threshold - 0.5))) {
        best = { f1, threshold };
      }
    }
    return best.threshold;
  });
}
