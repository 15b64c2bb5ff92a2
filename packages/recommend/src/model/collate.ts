import { InputError, Rng, type Batch, type CollateContext } from '@attune/core';

export interface CollateConfig {
  maxLength: number;
  numItems: number;
  loss: 'softmax' | 'bce';
  negatives: number | 'all';
  /**
   * Softmax negatives: `uniform` without replacement, or `popularity` (∝ interactions + 1, with
   * replacement) with the logQ correction of the sampled softmax. Default `uniform`.
   */
  sampling?: 'uniform' | 'popularity';
  /** Interactions per item index (length N + 1); needed by `popularity` sampling. */
  popularity?: Float32Array;
}

/**
 * Training pairs of a batch of sequences, SASRec style: each row holds the last maxLength inputs,
 * left-padded (so the newest item always sits at the last position), and each real position
 * predicts the item after it.
 *  - `ids` int32 [B, maxLength]: item indices, 0 = padding.
 *  - `positions` int32 [P]: flat indices (b·T + t) of the positions with a next item.
 *  - `targets` int32 [P]: that next item.
 *  - `negatives` int32: `bce` one per position [P], drawn outside the user's items; `softmax`
 *    [S] shared by the batch, drawn uniformly without replacement (all items with `all`), or by
 *    popularity with replacement.
 *  - softmax over `all`: `target_index` int32 [P], p·N + target − 1, the target's entry in the
 *    flattened [P, N] logits (no sampled negatives to correct, no target to mask among them).
 *  - sampled softmax only: `negative_logq` float32 [S] and `target_logq` float32 [P], log(S·q(item)) of the
 *    sampling distribution, subtracted from the logits (logQ correction; zeros for uniform sampling,
 *    where it is the same constant for every item and cancels).
 * Negatives come from `context.seed`, so a step is the same after a resume.
 */
export function collateSequences(examples: ReadonlyArray<{ items: Int32Array }>, config: CollateConfig, context: CollateContext): Batch {
  const { maxLength: t, numItems } = config;
  const b = examples.length;
  const ids = new Int32Array(b * t);
  const positions: number[] = [];
  const targets: number[] = [];
  const rng = new Rng(context.seed);
  const bceNegatives: number[] = [];
  examples.forEach((example, row) => {
    const items = example.items;
    for (let j = 0; j < items.length; j++) {
      const id = items[j]!;
      if (!Number.isInteger(id) || id < 1 || id > numItems) throw new InputError(`Sequence ${row} has item index ${id}; expected 1..${numItems}.`);
    }
    const recent = items.subarray(Math.max(0, items.length - 1 - t)); // at most t inputs + 1 target
    const inputs = Math.max(0, recent.length - 1);
    const offset = row * t + (t - inputs);
    for (let j = 0; j < inputs; j++) {
      ids[offset + j] = recent[j]!;
      positions.push(offset + j);
      targets.push(recent[j + 1]!);
    }
    if (config.loss === 'bce' && inputs > 0) {
      const touched = new Set(items);
      for (let j = 0; j < inputs; j++) bceNegatives.push(drawOutside(rng, numItems, touched));
    }
  });
  if (positions.length === 0) {
    // A batch of one-item users has nothing to predict; one pair at a padding slot (target = the
    // padding index) keeps the step finite without touching any real item's embedding.
    positions.push(0);
    targets.push(0);
    if (config.loss === 'bce') bceNegatives.push(drawOutside(rng, numItems, new Set()));
  }
  const p = positions.length;
  const batch: Batch = {
    ids: { data: ids, shape: [b, t] },
    positions: { data: Int32Array.from(positions), shape: [p] },
    targets: { data: Int32Array.from(targets), shape: [p] },
  };
  if (config.loss === 'bce') return { ...batch, negatives: { data: Int32Array.from(bceNegatives), shape: [bceNegatives.length] } };
  if (config.negatives === 'all') {
    // full-catalogue softmax: the graph picks log p(target) out of the flattened [P, N] log-softmax
    const targetIndex = Int32Array.from(targets, (target, i) => i * numItems + Math.max(0, target - 1));
    return { ...batch, negatives: { data: sharedNegatives(rng, numItems, 'all'), shape: [numItems] }, target_index: { data: targetIndex, shape: [p] } };
  }
  const popular = config.sampling === 'popularity';
  const negatives = popular ? popularityNegatives(rng, config.popularity!, config.negatives as number) : sharedNegatives(rng, numItems, config.negatives);
  const logq = (id: number) => (popular ? Math.log(negatives.length * popularityProbability(config.popularity!, id)) : 0);
  return {
    ...batch,
    negatives: { data: negatives, shape: [negatives.length] },
    negative_logq: { data: Float32Array.from(negatives, logq), shape: [negatives.length] },
    target_logq: { data: Float32Array.from(targets, logq), shape: [p] },
  };
}

// Cumulative sampling table per popularity array (built once; a model keeps its array).
const cumulative = new WeakMap<Float32Array, { cdf: Float64Array; total: number }>();
function tableOf(popularity: Float32Array): { cdf: Float64Array; total: number } {
  let table = cumulative.get(popularity);
  if (!table) {
    const cdf = new Float64Array(popularity.length);
    let total = 0;
    for (let i = 1; i < popularity.length; i++) cdf[i] = total += popularity[i]! + 1; // index 0 (padding) never drawn
    cumulative.set(popularity, (table = { cdf, total }));
  }
  return table;
}

function popularityProbability(popularity: Float32Array, id: number): number {
  return (popularity[id]! + 1) / tableOf(popularity).total;
}

/** `count` items drawn with replacement with probability ∝ interactions + 1. */
function popularityNegatives(rng: Rng, popularity: Float32Array, count: number): Int32Array {
  const { cdf, total } = tableOf(popularity);
  const out = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    const u = rng.next() * total;
    let lo = 1;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    out[j] = lo;
  }
  return out;
}

/** A uniform item in 1..n outside `touched` (any item when the user touched nearly everything). */
function drawOutside(rng: Rng, n: number, touched: Set<number>): number {
  for (let tries = 0; tries < 100; tries++) {
    const id = 1 + rng.int(n);
    if (!touched.has(id)) return id;
  }
  return 1 + rng.int(n);
}

/** `count` distinct items drawn uniformly from 1..n (Floyd's algorithm), or all of them. */
function sharedNegatives(rng: Rng, n: number, count: number | 'all'): Int32Array {
  if (count === 'all' || count >= n) return Int32Array.from({ length: n }, (_, i) => i + 1);
  const chosen = new Set<number>();
  for (let j = n - count + 1; j <= n; j++) {
    const r = 1 + rng.int(j);
    chosen.add(chosen.has(r) ? j : r);
  }
  return Int32Array.from(chosen);
}
