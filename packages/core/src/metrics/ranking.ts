import { InputError } from '../errors/input-error.js';
import { positiveInt } from '../util/validate.js';

/**
 * Ranking metrics for one relevant item per query (next-item recommendation, leave-one-out).
 * `ranks` are 1-based positions of the relevant item in each query's ranked list.
 */
function checkRanks(ranks: ArrayLike<number>): void {
  if (ranks.length === 0) throw new InputError('Ranking metrics need at least one rank; got an empty array.');
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    if (!(Number.isInteger(r) && r >= 1)) throw new InputError(`Rank ${r} at index ${i} is not a 1-based integer position.`);
  }
}

/** Hit rate: fraction of queries whose relevant item is in the top k. */
export function hitRateAtK(ranks: ArrayLike<number>, k: number): number {
  checkRanks(ranks);
  positiveInt('k', k);
  let hits = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i]! <= k) hits++;
  return hits / ranks.length;
}

/** NDCG with one relevant item: 1/log2(rank + 1) when rank ≤ k, else 0 (ideal DCG is 1). */
export function ndcgAtK(ranks: ArrayLike<number>, k: number): number {
  checkRanks(ranks);
  positiveInt('k', k);
  let sum = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i]! <= k) sum += 1 / Math.log2(ranks[i]! + 1);
  return sum / ranks.length;
}

/** Mean reciprocal rank, optionally cut at k (ranks beyond k count 0). */
export function meanReciprocalRank(ranks: ArrayLike<number>, k = Infinity): number {
  checkRanks(ranks);
  let sum = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i]! <= k) sum += 1 / ranks[i]!;
  return sum / ranks.length;
}

/**
 * 1-based rank of `scores[target]` among `scores` (ties count against the target: a pessimistic rank,
 * so a constant model never looks good). Entries where `exclude[i]` is true are skipped.
 */
export function rankOf(scores: ArrayLike<number>, target: number, exclude?: ArrayLike<boolean>): number {
  const s = scores[target]!;
  let rank = 1;
  for (let i = 0; i < scores.length; i++) {
    if (i === target || exclude?.[i]) continue;
    if (scores[i]! >= s) rank++;
  }
  return rank;
}
