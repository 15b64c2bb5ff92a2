import { InputError } from '../errors/input-error.js';

function checkPairs(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) {
    throw new InputError(`yTrue has ${yTrue.length} labels but yPred has ${yPred.length}; they must be the same length.`);
  }
  if (yTrue.length === 0) throw new InputError('Metrics need at least one example; got empty arrays.');
}

/** Fraction of predictions equal to the true label. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPairs(yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/** counts[t][p] = examples of true class t predicted as p. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses?: number): number[][] {
  checkPairs(yTrue, yPred);
  let n = numClasses ?? 0;
  if (numClasses === undefined) for (let i = 0; i < yTrue.length; i++) n = Math.max(n, yTrue[i]! + 1, yPred[i]! + 1);
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(Number.isInteger(t) && Number.isInteger(p) && t >= 0 && p >= 0 && t < n && p < n)) {
      throw new InputError(`Label pair (${t}, ${p}) at index ${i} is outside [0, ${n}); labels must be class indices.`);
    }
    m[t]![p]! += 1;
  }
  return m;
}

/** Per-class precision, recall and F1 from a confusion matrix. */
export function perClassF1(matrix: number[][]): Array<{ precision: number; recall: number; f1: number; support: number }> {
  return matrix.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, r) => a + r[c]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}

/**
 * Unweighted mean of per-class F1 over the classes that occur in yTrue or yPred (scikit-learn's
 * `f1_score(average='macro')` on the labels present). A class never true but predicted scores 0.
 */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses?: number): number {
  const matrix = confusionMatrix(yTrue, yPred, numClasses);
  const present = new Set<number>([...Array.from(yTrue), ...Array.from(yPred)]);
  const scores = perClassF1(matrix).filter((_, c) => present.has(c));
  return scores.reduce((a, s) => a + s.f1, 0) / scores.length;
}

/** Index of the largest value in each row of a row-major [rows, cols] array. */
export function argmaxRows(values: ArrayLike<number>, cols: number): Int32Array {
  const rows = values.length / cols;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c]! > values[r * cols + best]!) best = c;
    out[r] = best;
  }
  return out;
}
