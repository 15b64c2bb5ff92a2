import { accuracy, argmaxRows, definePlugin, InputError, macroF1, type TensorData } from '@attune/core';
import { SeriesTransformer, type SeriesExample } from './model.js';

/** What `predict` takes: a fixed-length series of numbers (sensor readings, prices, ...). */
export interface SeriesInput {
  values: number[];
}

export interface LabelledSeries extends SeriesInput {
  label: string;
}

export interface SeriesPrediction {
  label: string;
  score: number;
}

export interface SeriesConfig {
  /** Values per frame (the model's tokens). Must divide the series length. Default 4. */
  frameSize: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
}

/** Learned by `prepare` and saved in the artifact's manifest: plain JSON, no code. */
export interface SeriesState {
  labels: string[];
  length: number;
  mean: number;
  std: number;
}

export const plugin = definePlugin<LabelledSeries, SeriesInput, SeriesPrediction, SeriesState, SeriesConfig, SeriesExample>({
  id: '{{pluginId}}',
  version: '0.1.0',
  modelKind: 'series-transformer',
  defaultConfig: { frameSize: 4, dModel: 32, numHeads: 4, numLayers: 2 },
  prepare(examples) {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.length < 2) throw new InputError(`Training needs at least two labels; got ${labels.length}.`);
    const length = examples[0]!.values.length;
    const all = examples.flatMap((e) => e.values);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const std = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length) || 1;
    return { labels, length, mean, std };
  },
  encode(example, state) {
    const label = state.labels.indexOf(example.label);
    if (label < 0) throw new InputError(`Label "${example.label}" was not seen in training; known labels: ${state.labels.join(', ')}.`);
    return { values: normalize(example, state, 'A training series'), label };
  },
  buildModel(state, config, seed) {
    return new SeriesTransformer({ length: state.length, numClasses: state.labels.length, ...config }, { seed });
  },
  metrics(outputs, examples) {
    const predicted = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
    const labels = examples.map((e) => e.label);
    return { accuracy: accuracy(labels, predicted), macroF1: macroF1(labels, predicted) };
  },
  encodeInputs(inputs, state): Record<string, TensorData> {
    const data = new Float32Array(inputs.length * state.length);
    inputs.forEach((input, i) => data.set(normalize(input, state, `Input ${i}`), i * state.length));
    return { series: { type: 'float32', data, dims: [inputs.length, state.length] } };
  },
  decode(outputs, _inputs, state) {
    const logits = outputs['logits']!.data as Float32Array;
    const c = state.labels.length;
    return Array.from(argmaxRows(logits, c), (best, i) => {
      const row = Array.from(logits.subarray(i * c, (i + 1) * c));
      const max = Math.max(...row);
      const total = row.reduce((s, v) => s + Math.exp(v - max), 0);
      return { label: state.labels[best]!, score: 1 / total };
    });
  },
  validateState(raw) {
    const s = raw as SeriesState;
    if (!Array.isArray(s?.labels) || !Number.isInteger(s.length) || !(s.std > 0)) throw new Error('expected { labels, length, mean, std }');
    return s;
  },
});

function normalize(input: SeriesInput, state: SeriesState, where: string): Float32Array {
  if (!Array.isArray(input?.values) || input.values.length !== state.length) {
    throw new InputError(`${where} has ${input?.values?.length ?? 'no'} values; this model takes series of ${state.length}.`);
  }
  return Float32Array.from(input.values, (v) => {
    if (!Number.isFinite(v)) throw new InputError(`${where} holds ${v}; every value must be a finite number.`);
    return (v - state.mean) / state.std;
  });
}
