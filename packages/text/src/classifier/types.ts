import type { PoolingKind, PositionalKind } from '@attune/core';
import type { TokenizerState } from '../tokenizer/index.js';

/** One labelled text, in the user's terms: `label` for multi-class, `labels` (possibly empty) for multi-label. */
export type TextExample = SingleLabelExample | MultiLabelExample;

export interface SingleLabelExample {
  text: string;
  label: string;
}

/** With `config.multiLabel`: every label that applies (an empty list means none of them). */
export interface MultiLabelExample {
  text: string;
  labels: string[];
}

/** What `predict` returns for one text. */
export interface TextPrediction {
  /** The most probable label, or `null` when its score is under the abstain threshold ("none of the known labels"). */
  label: string | null;
  /** Probability of the most probable label (also when abstaining). */
  score: number;
  /** Probability of every known label (softmax; multi-label: an independent sigmoid per label). */
  scores: Record<string, number>;
  /** Multi-label only: every label whose score reaches its threshold, most probable first. */
  labels?: string[];
  /** True when the text had more pieces than `maxLength` (or more n-grams than `maxNgrams`, or more characters than 32 × the larger of the two) allows and its end was ignored. */
  truncated: boolean;
}

/** Model and tokenizer settings; every field has a default (`DEFAULT_TEXT_CONFIG`). */
export interface TextClassifierConfig {
  /** WordPiece vocabulary requested (the learned one may be smaller on small corpora). Default 8000. */
  vocabSize: number;
  /** Pieces seen fewer times are not merged. Default 2. */
  minFrequency: number;
  /** Lower-case before tokenizing. Default true. */
  lowercase: boolean;
  /** Longest sequence in tokens, [CLS] and [SEP] included; longer texts are truncated. Default 64. */
  maxLength: number;
  /** Model width. Default 128. */
  dModel: number;
  /** Attention heads. Default 4. */
  numHeads: number;
  /** Encoder layers. Default 2. */
  numLayers: number;
  /** Feed-forward width. Default 4·dModel. */
  ffnDim: number;
  /** Dropout rate. Default 0.1. */
  dropout: number;
  /** Position encoding. Default `learned`. */
  positional: PositionalKind;
  /** `mean` (masked mean of all tokens, default: better on BANKING77, see README) or `cls` ([CLS] vector). */
  pooling: PoolingKind;
  /**
   * N-gram vocabulary of the bag-of-n-grams branch (fastText-style: word and character n-grams,
   * embedded, mean-pooled, fused with the Transformer before the output): at most this many of the
   * most frequent training n-grams, kept as 32-bit hashes in the state. 0 turns the branch off. Default 32768.
   */
  ngramVocabSize: number;
  /** An n-gram must occur in at least this many training texts to be kept. Default 2. */
  ngramMinCount: number;
  /** Width of an n-gram embedding. Default 64. */
  ngramDim: number;
  /** Word n-grams 1..wordNgrams (on Chinese, Han characters are words: character 1..n-grams). Default 3. */
  wordNgrams: number;
  /** Character n-gram lengths [min, max] inside each word (`<word>`); [0, 0] for none. Default [3, 5]. */
  charNgrams: [number, number];
  /** At most this many known n-grams per text (the rest are ignored, and the prediction says `truncated`). Default 256. */
  maxNgrams: number;
  /**
   * How a text's n-gram embeddings pool into one vector: `mean`, or `idf`: Σ idfᵢ·eᵢ / ‖idf‖₂ over
   * the text's n-grams, i.e. the L2-normalised TF-IDF vector times the embedding table (idf from the
   * training texts, saved in the state), so common n-grams weigh little, as in the TF-IDF baseline.
   * `idf` beat `mean` on both quality data sets (README "Quality"). Default `mean`.
   */
  ngramPooling: 'mean' | 'idf';
  /** Training only: each n-gram of a text is left out of a step with this probability (regularises the bag). Default 0. */
  ngramDropout: number;
  /**
   * Weight of an extra loss per branch on its own logits (Transformer alone, n-grams alone), added to
   * the fused loss, so neither branch leans on the other. 0 turns it off. Default 0.
   */
  branchLoss: number;
  /** Ensemble members trained side by side in one graph (averaged probabilities). Default 1. */
  members: number;
  /** Softmax label smoothing ε (multi-class only). Default 0.1. */
  labelSmoothing: number;
  /**
   * Imbalanced labels: `balanced` weighs each class by N / (C · n_c) (multi-label: each label's
   * positives by n_negative / n_positive, at most 100); or a weight per label name. Default `none`.
   */
  classWeights: 'none' | 'balanced' | Record<string, number>;
  /** Several labels per text: an independent sigmoid per label, thresholds learned on validation. Default false. */
  multiLabel: boolean;
}

/** The abstain rule saved with the model: predictions scoring under `threshold` get `label: null`. */
export interface AbstainState {
  threshold: number;
  /** How it was chosen: the precision asked for, and what the validation data gave at that threshold. */
  targetPrecision?: number;
  validationPrecision?: number;
  validationCoverage?: number;
}

/** Plain JSON (saved in the artifact manifest's `preprocessing`). */
export interface TextClassifierState {
  tokenizer: TokenizerState;
  labels: string[];
  /** Copied from the config because `encode` sees only the state. */
  maxLength: number;
  abstain?: AbstainState;
  /** The loss's weight per label (in `labels` order), from `config.classWeights`; absent when `none`. */
  classWeights?: number[];
  /** The n-gram vocabulary (sorted 32-bit hashes; id = index + 1); absent when the branch is off. */
  ngrams?: number[];
  /** With `ngramPooling: 'idf'`: each vocabulary n-gram's pooling weight (its IDF, at least 1), in `ngrams` order. */
  ngramIdf?: number[];
  /** Multi-label: the score each label needs to be predicted (in `labels` order); 0.5 each until calibrated. */
  thresholds?: number[];
}
