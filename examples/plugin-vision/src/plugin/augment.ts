import { Rng } from '@attune/core';

/**
 * A copy of a square image moved by a whole number of pixels (dx right, dy down), the uncovered
 * border filled with `background`. Small shifts are the classic MNIST augmentation: a ViT has no
 * built-in translation invariance, and ±2 px shifts keep it from memorising where the ink sits.
 */
export function shiftImage(pixels: Float32Array, side: number, dx: number, dy: number, background: number): Float32Array {
  const out = new Float32Array(side * side).fill(background);
  for (let y = Math.max(0, dy); y < Math.min(side, side + dy); y++) {
    const from = (y - dy) * side;
    const x0 = Math.max(0, dx);
    const x1 = Math.min(side, side + dx);
    out.set(pixels.subarray(from + x0 - dx, from + x1 - dx), y * side + x0);
  }
  return out;
}

/** Draws a shift in [-maxShift, maxShift]² per image from the batch seed (reproducible across resumes). */
export function randomShifts(count: number, maxShift: number, seed: number): Array<[number, number]> {
  const rng = new Rng(seed);
  const span = 2 * maxShift + 1;
  return Array.from({ length: count }, () => [rng.int(span) - maxShift, rng.int(span) - maxShift]);
}
