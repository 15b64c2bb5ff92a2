import { InputError, Rng, type Batch, type CollateContext } from '@attune/core';

export interface CollateConfig {
  maxLength: number;
  numItems: number;
  loss: 'softmax' | 'bce';
  negatives: number | 'all';
}

/**
 * Training pairs of a batch of sequences, SASRec style: each row holds the last maxLength inputs,
 * left-padded (so the newest item always sits at the last position), and each real position
 * predicts the item after it.
 *  - `ids` int32 [B, maxLength]: item indices, 0 = padding.
 *  - `positions` int32 [P]: flat indices (b·T + t) of the positions with a next item.
 *  - `targets` int32 [P]: that next item.
 *  - `negatives` int32: `bce` one per position [P], drawn outside the user's items; `softmax`
 *    [S] shared by the batch, drawn uniformly without replacement (all items with `all`).
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
    const window = items.subarray(Math.max(0, items.length - 1 - t)); // at most t inputs + 1 target
    const inputs = Math.max(0, window.length - 1);
    const offset = row * t + (t - inputs);
    for (let j = 0; j < inputs; j++) {
      ids[offset + j] = window[j]!;
      positions.push(offset + j);
      targets.push(window[j + 1]!);
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
  const negatives = config.loss === 'bce' ? Int32Array.from(bceNegatives) : sharedNegatives(rng, numItems, config.negatives);
  const p = positions.length;
  return {
    ids: { data: ids, shape: [b, t] },
    positions: { data: Int32Array.from(positions), shape: [p] },
    targets: { data: Int32Array.from(targets), shape: [p] },
    negatives: { data: negatives, shape: [negatives.length] },
  };
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
