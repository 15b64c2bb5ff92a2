import { InputError } from '@attune/core';

/** Side of a square image with `count` pixels, or an error that says what was wrong. */
export function squareSide(count: number, where: string): number {
  const side = Math.round(Math.sqrt(count));
  if (count < 1 || side * side !== count) {
    throw new InputError(`${where} has ${count} pixels; images must be square (e.g. 28×28 = 784 values, row-major).`);
  }
  return side;
}

/**
 * Checks one image's grey values (row-major, 0 = background, 1 = ink) and standardises them with
 * the training set's statistics. Throws InputError for a wrong size or a value outside [0, 1]
 * (a NaN or a 0–255 image would otherwise train or predict silently wrong).
 */
export function normalizeImage(pixels: ArrayLike<number>, size: number, mean: number, std: number, where: string): Float32Array {
  if (pixels == null || typeof pixels.length !== 'number') throw new InputError(`${where} has no pixels; expected ${size} grey values in [0, 1].`);
  if (pixels.length !== size) {
    const side = Math.round(Math.sqrt(size));
    throw new InputError(`${where} has ${pixels.length} pixels; this model takes ${side}×${side} = ${size} grey values (row-major).`);
  }
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const v = pixels[i]!;
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
      throw new InputError(`${where}: pixel ${i} is ${String(v)}; grey values must be numbers in [0, 1] (divide 0–255 values by 255).`);
    }
    out[i] = (v - mean) / std;
  }
  return out;
}

/** Mean and standard deviation of every pixel of the given images (the std floored so it never divides by 0). */
export function pixelStats(images: ReadonlyArray<ArrayLike<number>>): { mean: number; std: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const image of images) {
    for (let i = 0; i < image.length; i++) {
      const v = image[i]!;
      sum += v;
      sumSq += v * v;
    }
    n += image.length;
  }
  const mean = sum / n;
  return { mean, std: Math.max(Math.sqrt(Math.max(sumSq / n - mean * mean, 0)), 1e-6) };
}
