import { ConfigError, definePlugin, encoderParameters, InputError, type CollateContext, type SettingRule, type TensorData } from '@attune/core';
import { Tokenizer, trainTokenizer, validateState as validateTokenizerState, type TokenizerState } from '../tokenizer/index.js';
import { checkExample, checkTexts, collectLabels, labelsOf } from './checks.js';
import { decodeLogits, decodeMultiLabel } from './decode.js';
import { collateText, type TextEncoded } from './encoded.js';
import { textMetrics } from './metrics.js';
import { TextClassifierModel } from './model.js';
import { buildNgramVocabulary, ngramIdf, ngramLookup, textNgramIds, type NgramOptions } from './ngrams.js';
import { readablePart, readLimit } from './read-bound.js';
import type { TextClassifierConfig, TextClassifierState, TextExample, TextPrediction } from './types.js';
import { classWeightsFor } from './weights.js';

export const DEFAULT_TEXT_CONFIG: TextClassifierConfig = {
  vocabSize: 8000,
  minFrequency: 2,
  lowercase: true,
  maxLength: 64,
  dModel: 128,
  numHeads: 4,
  numLayers: 2,
  ffnDim: 512,
  dropout: 0.1,
  positional: 'learned',
  pooling: 'mean',
  ngramVocabSize: 32768,
  ngramMinCount: 2,
  ngramDim: 64,
  wordNgrams: 3,
  charNgrams: [3, 5],
  maxNgrams: 256,
  ngramPooling: 'mean',
  ngramDropout: 0,
  branchLoss: 0,
  members: 1,
  labelSmoothing: 0.1,
  classWeights: 'none',
  multiLabel: false,
};

/** Sane bounds of the numeric settings (far beyond what trains well, well short of what cannot allocate) and the choices of the others. */
const TEXT_SETTING_RULES = {
  vocabSize: { min: 10, max: 500_000, integer: true },
  minFrequency: { min: 1, max: 1_000_000, integer: true },
  maxLength: { min: 3, max: 4096, integer: true },
  dModel: { min: 1, max: 4096, integer: true },
  numHeads: { min: 1, max: 128, integer: true },
  numLayers: { min: 1, max: 64, integer: true },
  ffnDim: { min: 1, max: 32_768, integer: true },
  dropout: { min: 0, max: 0.95 },
  ngramVocabSize: { min: 0, max: 5_000_000, integer: true },
  ngramMinCount: { min: 1, max: 1_000_000, integer: true },
  ngramDim: { min: 1, max: 4096, integer: true },
  wordNgrams: { min: 0, max: 8, integer: true },
  maxNgrams: { min: 1, max: 100_000, integer: true },
  ngramDropout: { min: 0, max: 0.95 },
  branchLoss: { min: 0, max: 100 },
  members: { min: 1, max: 16, integer: true },
  labelSmoothing: { min: 0, max: 0.99 },
  lowercase: { oneOf: [true, false] },
  multiLabel: { oneOf: [true, false] },
  positional: { oneOf: ['learned', 'sinusoidal'] },
  pooling: { oneOf: ['mean', 'cls'] },
  ngramPooling: { oneOf: ['mean', 'idf'] },
} satisfies Partial<Record<keyof TextClassifierConfig, SettingRule>>;

// Rebuilding a tokenizer's piece table costs more than encoding a batch, and the plugin API hands
// us only the plain-JSON state: cache one tokenizer per state object (a predictor keeps its state).
const tokenizers = new WeakMap<TokenizerState, Tokenizer>();
export function tokenizerOf(state: TextClassifierState): Tokenizer {
  let tokenizer = tokenizers.get(state.tokenizer);
  if (!tokenizer) tokenizers.set(state.tokenizer, (tokenizer = Tokenizer.fromJSON(state.tokenizer)));
  return tokenizer;
}

const lookups = new WeakMap<number[], Map<number, number>>();
function ngramsOf(text: string, state: TextClassifierState, config: TextClassifierConfig): { ids: Int32Array; cut: boolean } {
  if (!state.ngrams) return { ids: new Int32Array(0), cut: false };
  let lookup = lookups.get(state.ngrams);
  if (!lookup) lookups.set(state.ngrams, (lookup = ngramLookup(state.ngrams)));
  return textNgramIds(text, ngramOptions(config), lookup, config.maxNgrams);
}

function ngramOptions(config: TextClassifierConfig): NgramOptions {
  return { wordNgrams: config.wordNgrams, charNgrams: config.charNgrams, lowercase: config.lowercase };
}

/**
 * Text classification on core's public plugin API: a WordPiece tokenizer learned from the training
 * texts feeding a Transformer encoder, fused with a bag of hashed word and character n-grams
 * (`TextClassifierModel`); multi-class (softmax) or multi-label (a sigmoid per label).
 */
export const textClassifierPlugin = definePlugin<TextExample, string, TextPrediction, TextClassifierState, TextClassifierConfig, TextEncoded>({
  id: 'text-classifier',
  version: '0.2.0',
  modelKind: 'text-classifier',
  defaultConfig: DEFAULT_TEXT_CONFIG,
  prepare(examples, config) {
    checkCharNgrams(config.charNgrams);
    const labels = collectLabels(examples, config.multiLabel);
    const { vocabSize, minFrequency, lowercase } = config;
    const tokenizer = trainTokenizer(
      examples.map((e) => e.text),
      { vocabSize, minFrequency, lowercase },
    );
    const classWeights = classWeightsFor(config.classWeights, labels, examples.map(labelsOf), config.multiLabel);
    const ngrams = config.ngramVocabSize > 0
      ? buildNgramVocabulary(examples.map((e) => e.text), ngramOptions(config), config.ngramVocabSize, config.ngramMinCount)
      : undefined;
    if (config.ngramPooling !== 'mean' && config.ngramPooling !== 'idf') throw new ConfigError('ngramPooling', config.ngramPooling, "'mean' or 'idf'");
    const idf = ngrams && config.ngramPooling === 'idf' ? ngramIdf(examples.map((e) => e.text), ngramOptions(config), ngrams) : undefined;
    return {
      tokenizer: tokenizer.toJSON(), labels, maxLength: config.maxLength,
      ...(ngrams ? { ngrams } : {}),
      ...(idf ? { ngramIdf: idf } : {}),
      ...(classWeights ? { classWeights } : {}),
      ...(config.multiLabel ? { thresholds: labels.map(() => 0.5) } : {}),
    };
  },
  encode(example, state, config) {
    checkExample(example, undefined, config.multiLabel);
    const indices = labelsOf(example).map((l) => {
      const k = state.labels.indexOf(l);
      if (k < 0) throw new InputError(`Label "${l}" was not seen in training; known labels: ${preview(state.labels)}.`);
      return k;
    });
    // Training truncates silently, as prediction does (which also flags it); both read the same part.
    const text = readablePart(example.text, readLimit(state.maxLength, config.maxNgrams)).text;
    const { ids } = tokenizerOf(state).encode(text, { maxLength: state.maxLength, padding: 'none' });
    const ngrams = ngramsOf(text, state, config).ids;
    return config.multiLabel ? { ids, ngrams, label: indices[0] ?? -1, labels: indices } : { ids, ngrams, label: indices[0]! };
  },
  buildModel(state, config, seed) {
    const vocabSize = tokenizerOf(state).vocabSize;
    const numClasses = state.labels.length;
    const model = new TextClassifierModel(
      {
        vocabSize, maxLength: state.maxLength, numClasses,
        dModel: config.dModel, numHeads: config.numHeads, numLayers: config.numLayers, ffnDim: config.ffnDim, dropout: config.dropout,
        positional: config.positional, pooling: config.pooling,
        // row 0 is padding; a vocabulary found empty still gets its (unused) table, so the graph's inputs do not depend on the data
        ngramBuckets: state.ngrams ? state.ngrams.length + 1 : 0, ngramDim: config.ngramDim, members: config.members,
        // padding (id 0) weighs 0, so the weights double as the mask
        ...(state.ngramIdf ? { ngramWeights: [0, ...state.ngramIdf] } : {}),
        multiLabel: config.multiLabel, labelSmoothing: config.multiLabel ? 0 : config.labelSmoothing, branchLoss: config.branchLoss,
        ...(state.classWeights ? { classWeights: state.classWeights } : {}),
      },
      { seed },
    );
    const collateOptions = {
      vocabSize, maxLength: state.maxLength, numClasses, ngrams: state.ngrams !== undefined, multiLabel: config.multiLabel, ngramDropout: config.ngramDropout,
    };
    return Object.assign(model, { collate: (examples: TextEncoded[], context?: CollateContext) => collateText(examples, collateOptions, context) });
  },
  metrics: (outputs, examples, state) => textMetrics(outputs, examples, state.labels.length, state.thresholds !== undefined),
  encodeInputs(raw, state, config): Record<string, TensorData> {
    checkTexts(raw);
    // cut before tokenising: a huge text costs no more than one at the bound
    const limit = readLimit(state.maxLength, config.maxNgrams);
    const inputs = raw.map((text) => readablePart(text, limit).text);
    const rows = tokenizerOf(state).encodeBatch(inputs, { maxLength: state.maxLength, padding: 'longest' });
    const t = rows[0]?.ids.length ?? 0;
    const data = new Int32Array(rows.length * t);
    rows.forEach((r, i) => data.set(r.ids, i * t));
    const feeds: Record<string, TensorData> = { ids: { type: 'int32', data, dims: [rows.length, t] } };
    if (state.ngrams) {
      const grams = inputs.map((text) => ngramsOf(text, state, config).ids);
      const n = Math.max(1, ...grams.map((g) => g.length));
      const ngrams = new Int32Array(rows.length * n);
      grams.forEach((g, i) => ngrams.set(g, i * n));
      feeds['ngrams'] = { type: 'int32', data: ngrams, dims: [rows.length, n] };
    }
    return feeds;
  },
  decode(outputs, inputs, state, config) {
    // The plugin API gives decode the raw inputs, not encodeInputs' result: re-count the pieces and
    // the n-grams to flag truncation (cheap next to the model; see README "API gaps").
    const tokenizer = tokenizerOf(state);
    const room = state.maxLength - 2;
    const limit = readLimit(state.maxLength, config.maxNgrams);
    const truncated = inputs.map((whole) => {
      const { text, cut } = readablePart(whole, limit);
      return cut || tokenizer.tokenizeToIds(text).length > room || ngramsOf(text, state, config).cut;
    });
    const logits = outputs['logits']!.data as Float32Array;
    return state.thresholds ? decodeMultiLabel(logits, state, truncated) : decodeLogits(logits, state, truncated);
  },
  settingRules: TEXT_SETTING_RULES,
  parameterCount(state, config) {
    const d = config.dModel;
    const classes = state.labels.length;
    const ngramBranch = state.ngrams ? (state.ngrams.length + 1) * config.ngramDim + config.ngramDim * classes + classes : 0;
    const member = (tokenizerOf(state).vocabSize + state.maxLength) * d + encoderParameters(config) + d * classes + classes + ngramBranch;
    return config.members * member;
  },
  graphSignature(state) {
    return {
      inputs: {
        ids: { type: 'int32', dims: [null, null] },
        ...(state.ngrams ? { ngrams: { type: 'int32', dims: [null, null] } } : {}),
      },
      outputs: { logits: { type: 'float32', dims: [null, state.labels.length] } },
      tables: [
        { suffix: '.embedding.table', rows: tokenizerOf(state).vocabSize, what: 'tokenizer vocabulary (preprocessing.tokenizer)' },
        { suffix: '.positional.table', rows: state.maxLength, what: 'maximum length (preprocessing.maxLength)' },
        ...(state.ngrams ? [{ suffix: '.ngram_embedding.table', rows: state.ngrams.length + 1, what: 'n-gram vocabulary plus padding (preprocessing.ngrams)' }] : []),
      ],
    };
  },
  validateState(raw, config) {
    const state = raw as Partial<TextClassifierState>;
    if (typeof state !== 'object' || state === null) throw new InputError('the state is not an object');
    validateTokenizerState(state.tokenizer);
    if (!Array.isArray(state.labels) || state.labels.length === 0 || state.labels.some((l) => typeof l !== 'string')) {
      throw new InputError('`labels` must be a non-empty array of strings');
    }
    if (!Number.isInteger(state.maxLength) || state.maxLength! < 3) throw new InputError('`maxLength` must be an integer of at least 3');
    if ((config.ngramVocabSize > 0) !== Array.isArray(state.ngrams)) throw new InputError('`ngrams` must be present exactly when config.ngramVocabSize > 0');
    if (state.ngrams && state.ngrams.some((h, i) => !Number.isInteger(h) || h < 0 || h > 0xffffffff || (i > 0 && h <= state.ngrams![i - 1]!))) {
      throw new InputError('`ngrams` must be ascending 32-bit unsigned hashes');
    }
    if ((config.ngramVocabSize > 0 && config.ngramPooling === 'idf') !== Array.isArray(state.ngramIdf)) {
      throw new InputError("`ngramIdf` must be present exactly when config.ngramPooling is 'idf' (and the n-gram branch is on)");
    }
    if (state.ngramIdf && (state.ngramIdf.length !== state.ngrams!.length || state.ngramIdf.some((w) => !(typeof w === 'number' && w >= 1 && Number.isFinite(w))))) {
      throw new InputError('`ngramIdf` must hold one finite number of at least 1 per n-gram');
    }
    if (config.multiLabel !== (state.thresholds !== undefined)) throw new InputError('`thresholds` must be present exactly when config.multiLabel is');
    if (state.thresholds && (state.thresholds.length !== state.labels.length || state.thresholds.some((t) => !(t >= 0 && t <= 1)))) {
      throw new InputError('`thresholds` must hold one number in [0, 1] per label');
    }
    if (state.abstain !== undefined && !(typeof state.abstain?.threshold === 'number' && state.abstain.threshold >= 0 && state.abstain.threshold <= 1)) {
      throw new InputError('`abstain.threshold` must be a number in [0, 1]');
    }
    return state as TextClassifierState;
  },
});

/** `charNgrams` is [min, max] lengths (0 < min <= max <= 32), or [0, 0] for none: a number outside it would loop for ever. */
function checkCharNgrams(value: unknown): void {
  const ok = Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n)) &&
    ((value[0] === 0 && value[1] === 0) || (value[0] >= 1 && value[0] <= value[1] && value[1] <= 32));
  if (!ok) throw new ConfigError('charNgrams', value, '[min, max] with 1 <= min <= max <= 32, or [0, 0] for none');
}

function preview(labels: readonly string[]): string {
  return labels.length <= 10 ? labels.join(', ') : `${labels.slice(0, 10).join(', ')} … (${labels.length} in all)`;
}
