// The CI-sized quality run and its floors, shared by quality.test.ts (and quoted in the README).
import type { TrainRecommenderOptions } from '../recommender.js';

/** Default model (BCE, d 50, 2 blocks, maxLength 200), fewer epochs than the benchmark, no per-epoch validation. */
export const CI_QUALITY_RUN = { epochs: 40, seed: 0, validate: false } satisfies Partial<TrainRecommenderOptions>;

/** Set under the figures this run reached (README "Quality"), above the popularity baseline. */
export const QUALITY_FLOORS = {
  sampled: { hitRate: 0.6, ndcg: 0.35 },
  full: { hitRate: 0.04, ndcg: 0.02 },
};
