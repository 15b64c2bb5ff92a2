import { InputError, accuracy, argmaxRows, definePlugin, macroF1, type PositionalKind, type TensorData } from '@attune/core';
import { resolveFrontEndConfig, type FrontEndConfig } from '../frontend/config.js';
import { addNoise, changeSpeed, defaultAugmentSettings, drawAugmentation, specAugment } from './augment.js';
import { KeywordTransformer, type KwsExample } from './model.js';
import { bandStats, fitWindow, normalizeBands, toFrontEndRate, windowFeatures, windowFrames, type AudioClip, type WindowSettings } from './windowing.js';

/** A labelled clip. `augmentSeed` (set by `augmentExamples`) makes `encode` return a randomly altered copy. */
export interface KeywordExample extends AudioClip {
  label: string;
  augmentSeed?: number;
}

/** `label` is null ("unknown") when the best class's probability is under the threshold. */
export interface KeywordPrediction {
  label: string | null;
  /** The most likely keyword, even when it is not confident enough to be the label. */
  best: string;
  /** Probability of `best`. */
  score: number;
  /** Probability of every keyword. */
  scores: Record<string, number>;
}

export interface KeywordSpotterConfig extends WindowSettings {
  dModel: number;
  numHeads: number;
  numLayers: number;
  ffnDim: number;
  dropout: number;
  positional: PositionalKind;
  /** Below this top probability the prediction is unknown (label null). 0 never says unknown. */
  unknownThreshold: number;
  /** Front-end settings (log-mel with `nMels` bands); defaults to the package's front-end defaults. */
  frontEnd: Partial<FrontEndConfig>;
  /** At most this many training clips are used to estimate the feature normalisation statistics. */
  statsClips: number;
}

/** What `prepare` learns, saved in the artifact's manifest (plain JSON). */
export interface KeywordSpotterState extends WindowSettings {
  labels: string[];
  frontEnd: FrontEndConfig;
  numFrames: number;
  /** Per-mel-band mean and standard deviation of the training features. */
  featureMean: number[];
  featureStd: number[];
  unknownThreshold: number;
}

const defaultConfig: KeywordSpotterConfig = {
  dModel: 64,
  numHeads: 4,
  numLayers: 2,
  ffnDim: 128,
  dropout: 0.1,
  positional: 'learned',
  unknownThreshold: 0.5,
  windowSeconds: 1,
  minClipSeconds: 0.05,
  maxClipSeconds: 3,
  frontEnd: {},
  statsClips: 500,
};

/** Normalised log-mel features of one window after resampling, padding or cropping and (for augmented copies) changes. */
function windowOf(clip: KeywordExample | AudioClip, state: KeywordSpotterState, where: string): Float32Array {
  const rate = state.frontEnd.sampleRate;
  const length = Math.round(state.windowSeconds * rate);
  let samples = toFrontEndRate(clip, rate, state, where);
  const seed = (clip as KeywordExample).augmentSeed;
  if (seed === undefined) return normalizeBands(windowFeatures(fitWindow(samples, length), state.frontEnd), state.featureMean, state.featureStd);
  const aug = drawAugmentation(seed, rate, defaultAugmentSettings);
  samples = changeSpeed(samples, rate, aug.speed);
  const noisy = addNoise(fitWindow(samples, length, aug.shiftSamples), aug.snrDb, aug.rng);
  const features = normalizeBands(windowFeatures(noisy, state.frontEnd), state.featureMean, state.featureStd);
  return specAugment(features, state.frontEnd.nMels, defaultAugmentSettings, aug.rng);
}

/**
 * Keyword spotting: which of a few words (digits, commands) a short clip holds. Each clip is one
 * fixed window (default 1 s) of log-mel frames, normalised with the training set's per-band
 * statistics, classified by a small Keyword Transformer.
 */
export const keywordSpotterPlugin = definePlugin<KeywordExample, AudioClip, KeywordPrediction, KeywordSpotterState, KeywordSpotterConfig, KwsExample>({
  id: 'keyword-spotter',
  version: '0.1.0',
  modelKind: 'keyword-transformer',
  defaultConfig,
  prepare(examples, config) {
    if (examples.length === 0) throw new InputError('keyword-spotter: training needs at least one example; got none.');
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.some((l) => typeof l !== 'string' || l === '')) throw new InputError('Every example needs a non-empty string label.');
    if (labels.length < 2) throw new InputError(`Training needs at least two labels; every example is labelled "${labels[0]}".`);
    const frontEnd = resolveFrontEndConfig(config.frontEnd);
    const settings: WindowSettings = { windowSeconds: config.windowSeconds, minClipSeconds: config.minClipSeconds, maxClipSeconds: config.maxClipSeconds };
    const numFrames = windowFrames(settings, frontEnd);
    if (numFrames < 1) throw new InputError(`A ${config.windowSeconds} s window holds no whole ${frontEnd.winLength}-sample frame.`);
    // Statistics from un-augmented clips only, an evenly spaced subset (they settle after a few hundred clips).
    const plain = examples.filter((e) => e.augmentSeed === undefined);
    const stride = Math.max(1, Math.ceil(plain.length / config.statsClips));
    const length = Math.round(config.windowSeconds * frontEnd.sampleRate);
    const picked = plain.filter((_, i) => i % stride === 0);
    const windows = picked.map((e, i) => windowFeatures(fitWindow(toFrontEndRate(e, frontEnd.sampleRate, settings, `Example ${i * stride}`), length), frontEnd));
    const { mean, std } = bandStats(windows, frontEnd.nMels);
    return { labels, frontEnd, numFrames, ...settings, featureMean: mean, featureStd: std, unknownThreshold: config.unknownThreshold };
  },
  encode(example, state) {
    const label = state.labels.indexOf(example.label);
    if (label < 0) throw new InputError(`Label "${example.label}" was not seen in training; known labels: ${state.labels.join(', ')}.`);
    return { features: windowOf(example, state, 'A clip'), label };
  },
  buildModel(state, config, seed) {
    return new KeywordTransformer(
      {
        numFrames: state.numFrames,
        numFeatures: state.frontEnd.nMels,
        numClasses: state.labels.length,
        dModel: config.dModel,
        numHeads: config.numHeads,
        numLayers: config.numLayers,
        ffnDim: config.ffnDim,
        dropout: config.dropout,
        positional: config.positional,
      },
      { seed },
    );
  },
  metrics(outputs, examples) {
    const preds = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
    const labels = examples.map((e) => e.label);
    return { accuracy: accuracy(labels, preds), macroF1: macroF1(labels, preds) };
  },
  encodeInputs(inputs, state): Record<string, TensorData> {
    const size = state.numFrames * state.frontEnd.nMels;
    const data = new Float32Array(inputs.length * size);
    inputs.forEach((clip, i) => data.set(windowOf({ audio: clip.audio, sampleRate: clip.sampleRate }, state, `Input ${i}`), i * size));
    return { features: { type: 'float32', data, dims: [inputs.length, state.numFrames, state.frontEnd.nMels] } };
  },
  decode(outputs, _inputs, state) {
    const logits = outputs['logits']!.data as Float32Array;
    const c = state.labels.length;
    return Array.from({ length: logits.length / c }, (_, i) => {
      const probs = softmax(logits.subarray(i * c, (i + 1) * c));
      let best = 0;
      for (let k = 1; k < c; k++) if (probs[k]! > probs[best]!) best = k;
      const scores = Object.fromEntries(state.labels.map((l, k) => [l, probs[k]!]));
      const score = probs[best]!;
      return { label: score >= state.unknownThreshold ? state.labels[best]! : null, best: state.labels[best]!, score, scores };
    });
  },
});

function softmax(row: Float32Array): number[] {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  const e = Array.from(row, (v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
