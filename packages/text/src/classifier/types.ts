import type { PoolingKind, PositionalKind } from '@attune/core';
import type { TokenizerState } from '../tokenizer/index.js';

/** One labelled text, in the user's terms. */
export interface TextExample {
  text: string;
  label: string;
}

/** What `predict` returns for one text. */
export interface TextPrediction {
  /** The most probable label, or `null` when its score is under the abstain threshold ("none of the known labels"). */
  label: string | null;
  /** Softmax probability of the most probable label (also when abstaining). */
  score: number;
  /** Softmax probability of every known label. */
  scores: Record<string, number>;
  /** True when the text had more pieces than `maxLength` allows and its end was ignored. */
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
}
