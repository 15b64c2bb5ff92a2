import { classificationMetrics, definePlugin, InputError, SequenceClassifier, type SequenceExample, type TensorData } from '@attune/core';
import { Tokenizer, trainTokenizer, type TokenizerState } from '../tokenizer/index.js';
import { checkExample, checkTexts, collectLabels } from './checks.js';
import { decodeLogits } from './decode.js';
import type { TextClassifierConfig, TextClassifierState, TextExample, TextPrediction } from './types.js';

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
};

// Rebuilding a tokenizer's piece table costs more than encoding a batch, and the plugin API hands
// us only the plain-JSON state: cache one tokenizer per state object (a predictor keeps its state).
const tokenizers = new WeakMap<TokenizerState, Tokenizer>();
export function tokenizerOf(state: TextClassifierState): Tokenizer {
  let tokenizer = tokenizers.get(state.tokenizer);
  if (!tokenizer) tokenizers.set(state.tokenizer, (tokenizer = Tokenizer.fromJSON(state.tokenizer)));
  return tokenizer;
}

/**
 * Text classification on core's public plugin API: a WordPiece tokenizer learned from the training
 * texts, then core's `SequenceClassifier` ([CLS] text [SEP] → Transformer encoder → pooling → labels).
 */
export const textClassifierPlugin = definePlugin<TextExample, string, TextPrediction, TextClassifierState, TextClassifierConfig, SequenceExample>({
  id: 'text-classifier',
  version: '0.1.0',
  modelKind: 'sequence-classifier',
  defaultConfig: DEFAULT_TEXT_CONFIG,
  prepare(examples, config) {
    const labels = collectLabels(examples);
    const { vocabSize, minFrequency, lowercase } = config;
    const tokenizer = trainTokenizer(
      examples.map((e) => e.text),
      { vocabSize, minFrequency, lowercase },
    );
    return { tokenizer: tokenizer.toJSON(), labels, maxLength: config.maxLength };
  },
  encode(example, state) {
    checkExample(example, undefined);
    const label = state.labels.indexOf(example.label);
    if (label < 0) {
      throw new InputError(`Label "${example.label}" was not seen in training; known labels: ${preview(state.labels)}.`);
    }
    // Training truncates silently, as prediction does (which also flags it).
    const { ids } = tokenizerOf(state).encode(example.text, { maxLength: state.maxLength, padding: 'none' });
    return { ids, label };
  },
  buildModel(state, config, seed) {
    const { vocabSize: _v, minFrequency: _m, lowercase: _l, ...model } = config;
    return new SequenceClassifier(
      { ...model, vocabSize: tokenizerOf(state).vocabSize, numClasses: state.labels.length, padId: 0 },
      { seed },
    );
  },
  metrics: (outputs, examples) => classificationMetrics(outputs, examples),
  encodeInputs(inputs, state): Record<string, TensorData> {
    checkTexts(inputs);
    const rows = tokenizerOf(state).encodeBatch(inputs, { maxLength: state.maxLength, padding: 'longest' });
    const t = rows[0]?.ids.length ?? 0;
    const data = new Int32Array(rows.length * t);
    rows.forEach((r, i) => data.set(r.ids, i * t));
    return { ids: { type: 'int32', data, dims: [rows.length, t] } };
  },
  decode(outputs, inputs, state) {
    // The plugin API gives decode the raw inputs, not encodeInputs' result: re-count the pieces to
    // flag truncation (cheap next to the model; see README "API gaps").
    const tokenizer = tokenizerOf(state);
    const room = state.maxLength - 2;
    const truncated = inputs.map((text) => tokenizer.tokenizeToIds(text).length > room);
    return decodeLogits(outputs['logits']!.data as Float32Array, state, truncated);
  },
});

function preview(labels: readonly string[]): string {
  return labels.length <= 10 ? labels.join(', ') : `${labels.slice(0, 10).join(', ')} … (${labels.length} in all)`;
}
