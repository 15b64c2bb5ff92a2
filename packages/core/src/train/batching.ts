import { deriveSeed, Rng } from '../util/random.js';

/**
 * The example indices of each batch of an epoch. The order depends only on (seed, epoch), so a run
 * resumed mid-epoch sees exactly the batches an uninterrupted run would have seen.
 */
export function epochBatches(
  size: number,
  batchSize: number,
  seed: number,
  epoch: number,
  shuffle = true,
): Int32Array[] {
  const order = shuffle ? new Rng(deriveSeed(seed, 0x5eed, epoch)).permutation(size) : Int32Array.from({ length: size }, (_, i) => i);
  const batches: Int32Array[] = [];
  for (let start = 0; start < size; start += batchSize) batches.push(order.subarray(start, Math.min(size, start + batchSize)));
  return batches;
}

/** Batches of a fixed order, for evaluation. */
export function sequentialBatches(size: number, batchSize: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let start = 0; start < size; start += batchSize) out.push([start, Math.min(size, start + batchSize)]);
  return out;
}
