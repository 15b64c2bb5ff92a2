import type { ItemId } from '../data/interactions.js';

/**
 * Model settings (saved in the artifact). Defaults follow SASRec (Kang & McAuley 2018) except the
 * loss (softmax over the whole catalogue) and the initial item-embedding scale, both chosen by
 * measurement on MovieLens (see README "Quality").
 */
export interface RecommenderConfig {
  /** Longest history the model reads; longer ones keep their most recent items. Default 200. */
  maxLength: number;
  /** Width of item and position embeddings. Default 50. */
  dModel: number;
  /** Attention heads. Default 1. */
  numHeads: number;
  /** Self-attention blocks. Default 2. */
  numLayers: number;
  /** Feed-forward width. Default dModel, as in SASRec. */
  ffnDim: number;
  /** Dropout on embeddings, attention and residual branches. Default 0.2. */
  dropout: number;
  /**
   * `softmax` (default): cross-entropy of the true next item against every catalogue item
   * (`negatives: 'all'`) or `negatives` items drawn per batch (shared by every position; a negative
   * equal to the true item is masked out). `bce`: SASRec's binary cross-entropy with one negative
   * per position drawn outside the user's items.
   */
  loss: 'softmax' | 'bce';
  /**
   * Negatives of the softmax loss per batch, or `all` (default) for the full catalogue. The full
   * softmax costs positions × catalogue per step: past ~50,000 items, a few thousand sampled
   * negatives with `sampling: 'popularity'` keep steps affordable. Ignored by `bce`.
   */
  negatives: number | 'all';
  /**
   * How sampled softmax negatives are drawn: `uniform` (without replacement) or `popularity`
   * (∝ training interactions + 1, with the logQ correction). Ignored with `all` and by `bce`.
   */
  sampling: 'uniform' | 'popularity';
  /**
   * Standard deviation of the initial item embeddings. Default 0.03: items seen rarely in training keep
   * roughly their initial vectors, so a small scale keeps their scores near neutral.
   */
  initStd: number;
  /**
   * Self-attention block: `pre-ln` (core's TransformerEncoder), `sasrec` (the SASRec reference
   * code's block) or `post-ln` (model/sasrec-encoder.ts). A saved model without this field is `pre-ln`.
   */
  block: 'pre-ln' | 'sasrec' | 'post-ln';
}

/** What `prepare` learns: the catalogue (index i+1 ↔ items[i]; index 0 pads) and item popularity. */
export interface RecommenderState {
  items: ItemId[];
  /** Training interactions per item, aligned with `items`: the ranking for an empty history. */
  popularity: number[];
}

/** One training sequence: a user's items in time order. */
export interface SequenceExample {
  items: readonly ItemId[];
  /** Items of this user held out of training (evaluation targets): in the catalogue, not trained on. */
  heldOut?: readonly ItemId[];
  /**
   * An earlier stretch of a history that another example already holds (`historyWindows`): it
   * trains, and is left out of the popularity counts so that no interaction counts twice.
   */
  countedElsewhere?: boolean;
}

/** A sequence as model indices (1-based; 0 is padding), oldest first. */
export interface EncodedSequence {
  items: Int32Array;
}

export interface RecommendOptions {
  /** How many items. Default 10. */
  k?: number;
  /**
   * `true` (default): leave out items already in the history. `false`: allow them (re-purchases).
   * An array: leave out the history and these items too.
   */
  exclude?: boolean | readonly ItemId[];
  /** Rank only these items (e.g. in stock). Unknown ids among them are ignored. */
  candidates?: readonly ItemId[];
}

/** A history to recommend for, with its options (the plugin's predict input). */
export interface RecommendInput extends RecommendOptions {
  history: readonly ItemId[];
}

export interface Recommendation {
  /** Best first. Fewer than k when fewer items are allowed. */
  items: Array<{ item: ItemId; score: number }>;
  /** History ids not in the model's catalogue: ignored, counted here. */
  unknownItems: number;
  /** True when no known item was left in the history, so the ranking is by popularity. */
  popularityFallback: boolean;
}
