// The CI-sized quality run and its floors, shared by quality.test.ts (and quoted in the README).
import type { TrainRecommenderOptions } from '../recommender.js';

/**
 * Default model and training (softmax over the catalogue, d 50, 2 blocks, maxLength 200, whole
 * histories) for the benchmark's 30 epochs, without per-epoch validation, on ONNX Runtime's default
 * threads.
 */
export const CI_QUALITY_RUN = { epochs: 30, seed: 0, validate: false } satisfies Partial<TrainRecommenderOptions>;

/**
 * What this run reached: sampled 0.754 / 0.512, full 0.087 / 0.044 (HR@10 / NDCG@10) here, and
 * 0.749 / 0.5085, 0.090 / 0.045 in a clean-clone `bash .ci/run` (ONNX Runtime's threads do not add
 * up in the same order every run); the benchmark's one-thread runs of the same settings with seeds
 * 0, 1, 2: sampled 0.759 / 0.513, 0.753 / 0.514, 0.761 / 0.514; full 0.090 / 0.046, 0.089 / 0.043,
 * 0.102 / 0.054 (a seed, like another CPU's rounding, changes the trained weights). The PyTorch
 * SASRec reference (REFERENCE.md): sampled 0.731 / 0.504, full 0.072 / 0.040. Every run beat it,
 * but the closest (sampled NDCG@10 0.5085) by less than a seed moves the figures, so the floors sit
 * under the lowest run rather than on the reference: the sampled HR@10 floor is the reference's
 * (0.018 under the lowest run), sampled NDCG@10 0.0135 under it, the full-ranking ones below.
 * Popularity on the same split: sampled 0.603 / 0.353, full 0.038 / 0.018.
 */
export const QUALITY_FLOORS = {
  sampled: { hitRate: 0.731, ndcg: 0.495 },
  // Full ranking moves more with the seed (HR@10 0.087-0.102, sd about 0.006; NDCG@10 0.043-0.054):
  // these sit about three standard deviations under the lowest run, so another CPU's rounding, which
  // moves the figures as a seed does, cannot fail them; still about twice popularity's 0.038 / 0.018.
  full: { hitRate: 0.07, ndcg: 0.034 },
};
