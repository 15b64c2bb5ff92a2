import { deriveSeed, hitRateAtK, InputError, meanReciprocalRank, ndcgAtK, rankOf, Rng } from '@attune/core';

/** HR@K, NDCG@K and MRR@K of one protocol. */
export interface RankingMetrics {
  hitRate: number;
  ndcg: number;
  mrr: number;
}

export interface ProtocolMetrics {
  /** The true item among every catalogue item the user has not interacted with. */
  full: RankingMetrics;
  /** The true item among `sampledNegatives` uniform items the user never touched (the SASRec paper's protocol). */
  sampled: RankingMetrics;
}

/** One question in model indices: scores row, the target, the history to exclude, everything the user touched. */
export interface IndexedCase {
  target: number;
  history: ArrayLike<number>;
  touched: ReadonlySet<number>;
}

export interface RankingOptions {
  k: number;
  sampledNegatives: number;
  /** Seed of the sampled negatives (per case: derived from this and the case's position). */
  seed: number;
}

/** Pessimistic 1-based ranks (ties count against the target) under both protocols. */
export function ranksOf(scores: ArrayLike<number>, c: IndexedCase, numItems: number, negatives: Int32Array): { full: number; sampled: number } {
  const exclude = new Uint8Array(numItems + 1);
  exclude[0] = 1;
  for (let j = 0; j < c.history.length; j++) exclude[c.history[j]!] = 1;
  const full = rankOf(scores, c.target, exclude as unknown as ArrayLike<boolean>);
  const s = scores[c.target]!;
  let sampled = 1;
  for (const n of negatives) if (scores[n]! >= s) sampled++;
  return { full, sampled };
}

/**
 * `count` distinct items in 1..numItems outside `touched`, drawn uniformly (deterministic per seed);
 * every untouched item when there are no more than `count` (small catalogues).
 */
export function sampleNegatives(touched: ReadonlySet<number>, numItems: number, count: number, seed: number): Int32Array {
  if (!Number.isInteger(count) || count < 1) throw new InputError(`sampledNegatives must be a positive integer; got ${count}.`);
  if (numItems - touched.size <= count) return Int32Array.from({ length: numItems }, (_, i) => i + 1).filter((id) => !touched.has(id));
  const rng = new Rng(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const id = 1 + rng.int(numItems);
    if (!touched.has(id)) chosen.add(id);
  }
  return Int32Array.from(chosen);
}

/** Folds per-case ranks into the metrics of both protocols. */
export function summarise(ranks: Array<{ full: number; sampled: number }>, k: number): ProtocolMetrics {
  const of = (pick: (r: { full: number; sampled: number }) => number): RankingMetrics => {
    const rs = ranks.map(pick);
    return { hitRate: hitRateAtK(rs, k), ndcg: ndcgAtK(rs, k), mrr: meanReciprocalRank(rs, k) };
  };
  return { full: of((r) => r.full), sampled: of((r) => r.sampled) };
}

/** Negatives of case `i` under `seed`: the same for every model scored on the same split. */
export const caseSeed = (seed: number, i: number) => deriveSeed(seed, 0x5a, i);
