import { Rng } from '@attune/core';

/**
 * A seeded split into training and validation examples: the same data and seed give the same
 * split, which a resumed run depends on (its checkpoint belongs to one training set).
 */
export function splitExamples<T>(examples: readonly T[], fraction: number, seed: number): { train: T[]; validation: T[] } {
  const count = Math.floor(examples.length * fraction);
  if (count === 0) return { train: [...examples], validation: [] };
  const order = new Rng(seed ^ 0x5eed).permutation(examples.length);
  const held = new Set(Array.from(order.subarray(0, count)));
  return {
    train: examples.filter((_, i) => !held.has(i)),
    validation: examples.filter((_, i) => held.has(i)),
  };
}
