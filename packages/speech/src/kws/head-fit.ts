/**
 * Softmax regression for a new classifier head on fixed embeddings: full-batch gradient descent
 * with momentum, classes weighted equally (ten enrolment clips against hundreds of exemplars), and
 * an L2 pull towards the starting weights so the old keywords keep what the network learnt.
 */
export interface HeadFitOptions {
  iterations?: number;
  learningRate?: number;
  /** Strength of the pull towards the initial weights. */
  l2?: number;
}

/**
 * `x` [N, D] embeddings, `y` [N] class ids in [0, C); `weight` [D, C] and `bias` [C] are the start
 * and are returned updated (new arrays).
 */
export function fitHead(
  x: Float32Array,
  y: Int32Array,
  dim: number,
  classes: number,
  start: { weight: Float32Array; bias: Float32Array },
  { iterations = 300, learningRate = 0.05, l2 = 1e-3 }: HeadFitOptions = {},
): { weight: Float32Array; bias: Float32Array; loss: number } {
  const n = y.length;
  const counts = new Float64Array(classes);
  for (const c of y) counts[c] = counts[c]! + 1;
  const present = counts.filter((c) => c > 0).length;
  const sampleWeight = Float64Array.from(y, (c) => 1 / (counts[c]! * present)); // sums to 1
  const w = Float64Array.from(start.weight);
  const b = Float64Array.from(start.bias);
  const vw = new Float64Array(w.length);
  const vb = new Float64Array(b.length);
  const logits = new Float64Array(classes);
  let loss = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Float64Array(w.length);
    const gb = new Float64Array(b.length);
    loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * dim;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = b[c]!;
        for (let d = 0; d < dim; d++) z += x[row + d]! * w[d * classes + c]!;
        logits[c] = z;
        if (z > max) max = z;
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += (logits[c] = Math.exp(logits[c]! - max));
      const sw = sampleWeight[i]!;
      loss -= sw * Math.log(Math.max(logits[y[i]!]! / total, 1e-12));
      for (let c = 0; c < classes; c++) {
        const g = sw * (logits[c]! / total - (c === y[i] ? 1 : 0));
        gb[c] = gb[c]! + g;
        for (let d = 0; d < dim; d++) gw[d * classes + c] = gw[d * classes + c]! + g * x[row + d]!;
      }
    }
    for (let k = 0; k < w.length; k++) {
      vw[k] = 0.9 * vw[k]! + gw[k]! + l2 * (w[k]! - start.weight[k]!);
      w[k] = w[k]! - learningRate * vw[k]!;
    }
    for (let k = 0; k < b.length; k++) {
      vb[k] = 0.9 * vb[k]! + gb[k]!;
      b[k] = b[k]! - learningRate * vb[k]!;
    }
  }
  return { weight: Float32Array.from(w), bias: Float32Array.from(b), loss };
}
