import { InputError, type Session } from '@attune/core';
import type { HeldOutCase } from '../data/split.js';
import { encodeHistory, indexOf } from '../plugin/catalogue.js';
import { encodeRequests } from '../plugin/encode-inputs.js';
import type { RecommenderConfig, RecommenderState } from '../plugin/types.js';
import { keyOf } from '../data/interactions.js';
import { caseSeed, ranksOf, sampleNegatives, summarise, type IndexedCase, type ProtocolMetrics } from './ranking.js';

export interface EvaluateOptions {
  /** Cut-off of HR, NDCG and MRR. Default 10. */
  k?: number;
  /** Negatives of the sampled protocol. Default 100. */
  sampledNegatives?: number;
  /** Seed of the sampled negatives. Default 0. */
  seed?: number;
  /** Users scored per ONNX Runtime call. Default 64. */
  batchSize?: number;
}

export interface RecommenderEvaluation {
  k: number;
  /** Users evaluated. */
  users: number;
  /** Cases left out because their target is outside the catalogue (never seen in the log given to training). */
  skipped: number;
  /** The trained model, scored through its exported ONNX graph. */
  model: ProtocolMetrics;
  /** Most-popular items (training interactions) on the same cases and negatives. */
  popularity: ProtocolMetrics;
}

/**
 * Leave-one-out ranking metrics under both protocols, for the model (the exported graph's `scores`
 * output, so this measures exactly what is served) and for the popularity baseline.
 */
export async function evaluateCases(
  session: Session,
  cases: readonly HeldOutCase[],
  state: RecommenderState,
  config: RecommenderConfig,
  options: EvaluateOptions = {},
): Promise<RecommenderEvaluation> {
  const k = options.k ?? 10;
  const sampledNegatives = options.sampledNegatives ?? 100;
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer; got ${k}.`);
  const index = indexOf(state);
  const numItems = state.items.length;
  const indexed: Array<IndexedCase & { history: number[]; position: number }> = [];
  cases.forEach((c, position) => {
    const target = index.get(keyOf(c.target));
    if (target === undefined) return;
    const touched = new Set(encodeHistory(c.touched, state).ids);
    indexed.push({ target, history: encodeHistory(c.history, state).ids, touched, position });
  });
  if (indexed.length === 0) throw new InputError('No evaluation case has a target in the catalogue; evaluation needs users with at least 3 interactions.');
  const popularity = Float32Array.from([0, ...state.popularity]);
  const modelRanks: Array<{ full: number; sampled: number }> = [];
  const popularityRanks: Array<{ full: number; sampled: number }> = [];
  for (let start = 0; start < indexed.length; start += batchSize) {
    const chunk = indexed.slice(start, start + batchSize);
    const { feeds } = encodeRequests(chunk.map((c) => ({ history: c.history.map((i) => state.items[i - 1]!), k: 1, exclude: false })), state, config);
    const scores = (await session.run(feeds))['scores']!.data as Float32Array;
    chunk.forEach((c, r) => {
      const negatives = sampleNegatives(c.touched, numItems, sampledNegatives, caseSeed(seed, c.position));
      modelRanks.push(ranksOf(scores.subarray(r * (numItems + 1), (r + 1) * (numItems + 1)), c, numItems, negatives));
      popularityRanks.push(ranksOf(popularity, c, numItems, negatives));
    });
  }
  return { k, users: indexed.length, skipped: cases.length - indexed.length, model: summarise(modelRanks, k), popularity: summarise(popularityRanks, k) };
}
