import type { TensorData } from '../backend.js';
import { InputError } from '../errors/input-error.js';
import { argmaxRows } from '../metrics/classification.js';
import { classificationMetrics, SequenceClassifier, type SequenceExample } from '../models/sequence-classifier.js';
import { definePlugin } from '../plugin/define-plugin.js';

/** A labelled token sequence, in the user's terms. */
export interface ToyExample {
  tokens: string[];
  label: string;
}

export interface ToyState {
  vocabulary: string[];
  labels: string[];
}

export interface ToyConfig {
  maxLength: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  dropout: number;
}

const PAD = 0;
const UNKNOWN = 1;

/**
 * The smallest complete plugin, written only against the public plugin API: classifies sequences of
 * word tokens. Tests and plugin authors use it as a template (`@attune/core/testing`).
 */
export const toyPlugin = definePlugin<ToyExample, string[], { label: string; score: number }, ToyState, ToyConfig, SequenceExample>({
  id: 'toy-sequence-classifier',
  version: '0.1.0',
  modelKind: 'sequence-classifier',
  defaultConfig: { maxLength: 32, dModel: 32, numHeads: 4, numLayers: 2, dropout: 0 },
  prepare(examples) {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.length < 2) throw new InputError(`Training needs at least two labels; every example is labelled "${labels[0]}".`);
    const vocabulary = [...new Set(examples.flatMap((e) => e.tokens))].sort();
    return { vocabulary, labels };
  },
  encode(example, state) {
    const label = state.labels.indexOf(example.label);
    if (label < 0) throw new InputError(`Label "${example.label}" was not seen in training; known labels: ${state.labels.join(', ')}.`);
    return { ids: toIds(example.tokens, state), label };
  },
  buildModel(state, config, seed) {
    return new SequenceClassifier(
      { vocabSize: state.vocabulary.length + 2, numClasses: state.labels.length, positional: 'sinusoidal', ...config },
      { seed },
    );
  },
  metrics: (outputs, examples) => classificationMetrics(outputs, examples),
  encodeInputs(inputs, state, config): Record<string, TensorData> {
    const rows = inputs.map((tokens) => toIds(tokens, state).slice(0, config.maxLength));
    const t = Math.max(1, ...rows.map((r) => r.length));
    const data = new Int32Array(rows.length * t);
    rows.forEach((r, i) => data.set(r, i * t));
    return { ids: { type: 'int32', data, dims: [rows.length, t] } };
  },
  decode(outputs, inputs, state) {
    const logits = outputs['logits']!.data as Float32Array;
    const c = state.labels.length;
    return Array.from(argmaxRows(logits, c), (best, i) => {
      const row = logits.subarray(i * c, (i + 1) * c);
      const max = Math.max(...row);
      const total = row.reduce((s, v) => s + Math.exp(v - max), 0);
      return { label: state.labels[best]!, score: 1 / total };
    });
  },
});

function toIds(tokens: string[], state: ToyState): number[] {
  return tokens.map((t) => {
    const i = state.vocabulary.indexOf(t);
    return i < 0 ? UNKNOWN : i + 2;
  }).filter((id) => id !== PAD);
}
