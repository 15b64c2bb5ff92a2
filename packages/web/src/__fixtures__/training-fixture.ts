// Shared by training-engine.browser.test.ts (Node) and training-page.ts (the page): the same model,
// data and fit() options on both sides, so the runs can be compared number for number.
import type { SequenceClassifierConfig, SequenceExample } from '@attune/core';

/** Small, dropout 0 (no randomness besides the seeded initial weights and shuffling). */
export const TRAINING_CONFIG: SequenceClassifierConfig = { vocabSize: 12, maxLength: 16, numClasses: 2, dModel: 32, numHeads: 4, numLayers: 2, dropout: 0 };
export const MODEL_SEED = 9;

/** Bigram task as in core's tests: does token 3 come right before token 7? Deterministic in `seed`. */
export function trainingExamples(count: number, seed: number): SequenceExample[] {
  let s = seed;
  const rand = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
  return Array.from({ length: count }, (_, i) => {
    const ids = Array.from({ length: 6 + rand(7) }, () => 1 + rand(11));
    if (i % 2 === 0) ids.splice(rand(ids.length - 1), 2, 3, 7);
    return { ids, label: ids.some((id, j) => id === 3 && ids[j + 1] === 7) ? 1 : 0 };
  });
}

/** 6 steps: 96 examples, batches of 16, one epoch. */
export const STEPS = 6;
export const FIT_OPTIONS = { epochs: 1, batchSize: 16, learningRate: 2e-3, seed: 4 } as const;
export const TRAIN_EXAMPLES = () => trainingExamples(STEPS * FIT_OPTIONS.batchSize, 1);
