/**
 * Compares the labels two implementations predict from their scores, tolerating near ties.
 *
 * Two correct implementations of one model (tfjs and ONNX Runtime, an AVX-512 and an AVX2 kernel,
 * batch 1 and batch 32) agree on scores only to rounding (about 1e-5 to 1e-4), so where a row's two
 * best scores are closer than that the argmax may legitimately differ. Tests that compare labels
 * across implementations or CPUs use this: every row whose reference top-2 gap exceeds `tieGap`
 * must agree, and the rest are counted as near ties rather than asserted.
 */
export interface LabelAgreement {
  /** Rows whose labels differ although the reference's top-2 gap exceeds `tieGap`: should be 0. */
  disagreements: number;
  /** Rows whose reference top-2 gap is at most `tieGap` (their labels may differ). */
  nearTies: number;
  rows: number;
}

/** `reference` and `other` are [rows, width] row-major scores (logits or probabilities). */
export function labelAgreement(reference: ArrayLike<number>, other: ArrayLike<number>, width: number, tieGap = 1e-4): LabelAgreement {
  if (reference.length !== other.length || reference.length % width !== 0) {
    throw new RangeError(`labelAgreement: ${reference.length} and ${other.length} scores do not make rows of ${width}.`);
  }
  const rows = reference.length / width;
  let disagreements = 0;
  let nearTies = 0;
  for (let r = 0; r < rows; r++) {
    const { best, gap } = topTwo(reference, r * width, width);
    if (gap <= tieGap) nearTies++;
    else if (topTwo(other, r * width, width).best !== best) disagreements++;
  }
  return { disagreements, nearTies, rows };
}

function topTwo(scores: ArrayLike<number>, offset: number, width: number): { best: number; gap: number } {
  let best = 0;
  let first = -Infinity;
  let second = -Infinity;
  for (let j = 0; j < width; j++) {
    const v = scores[offset + j]!;
    if (v > first) {
      second = first;
      first = v;
      best = j;
    } else if (v > second) second = v;
  }
  return { best, gap: width > 1 ? first - second : Infinity };
}
