import { InputError, accuracy, argmaxRows, deriveSeed, definePlugin, encoderParameters, macroF1, type PositionalKind, type TensorData } from '@attune/core';
import { isSilent, scaleToLevel } from '../audio/level.js';
import { resolveFrontEndConfig, type FrontEndConfig } from '../frontend/config.js';
import { checkAugmentSettings, defaultAugmentSettings, drawAugmentation, type AugmentSettings } from './augment.js';
import { clipInput, inputWidth, type FeatureSettings, type Normalization } from './features.js';
import { KeywordTransformer, type KeywordTransformerConfig } from './model.js';
import { bandStats, fitWindow, toFrontEndRate, windowFeatures, windowFrames, type AudioClip, type WindowSettings } from './windowing.js';
import { checkLevelDb, checkState } from './state.js';

/** A labelled clip. */
export interface KeywordExample extends AudioClip {
  label: string;
  /** Where the clip came from (its file), named in errors about it instead of its index. */
  source?: string;
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
  /** Channels of the convolutional front over the log-mel image; 0 feeds frames straight to the encoder. */
  convChannels: number;
  /** Feature normalisation: per window (`utterance`, default) or with training-set statistics (`dataset`). */
  normalization: Normalization;
  /**
   * Every clip is scaled to this RMS level (dB full scale) before its features; null (default) keeps
   * the level as recorded. A trade-off measured on FSDD (see the README): -10 lifts accuracy on
   * voices the model never heard (leave-one-speaker-out) but lowers it on new recordings of the
   * training voices and on enrolled words, so it is off unless asked for.
   */
  levelDb: number | null;
  /** Below this top probability the prediction is unknown (label null). 0 never says unknown. */
  unknownThreshold: number;
  /** Front-end settings (log-mel with `nMels` bands). Default: 8 kHz, 25 ms windows, 20 ms hop, 40 bands to 3.8 kHz. */
  frontEnd: Partial<FrontEndConfig>;
  /** At most this many training clips are used to estimate the feature normalisation statistics. */
  statsClips: number;
  /** Per-step augmentation of training batches (fresh each epoch, seeded); false turns it off. */
  augment: Partial<AugmentSettings> | false;
}

/** What `prepare` learns, saved in the artifact's manifest (plain JSON). */
export interface KeywordSpotterState extends WindowSettings {
  labels: string[];
  frontEnd: FrontEndConfig;
  numFrames: number;
  /** Values per frame of the model input (nMels, or ⌈nMels/2⌉·9 patches with the conv front). */
  inputWidth: number;
  normalization: Normalization;
  patches: boolean;
  /** See the config's `levelDb`; null (or absent, in artifacts made before it): clips as recorded. */
  levelDb?: number | null;
  /** Per-mel-band mean and standard deviation of the training features (used by `dataset` normalisation). */
  featureMean: number[];
  featureStd: number[];
  unknownThreshold: number;
  /** A few embeddings per keyword, kept so `KeywordSpotter.enrol` can add words without the training clips. */
  exemplars?: Record<string, number[][]>;
}

/** One encoded clip: its audio at the front-end rate (for per-step augmentation) and its plain input. */
export interface KwsEncoded {
  samples: Float32Array;
  features: Float32Array;
  label: number;
}

export const defaultKeywordSpotterConfig: Readonly<KeywordSpotterConfig> = Object.freeze({
  dModel: 64,
  numHeads: 4,
  numLayers: 2,
  ffnDim: 128,
  dropout: 0.1,
  positional: 'learned' as PositionalKind,
  convChannels: 8,
  normalization: 'utterance' as Normalization,
  levelDb: null,
  unknownThreshold: 0.5,
  windowSeconds: 1,
  minClipSeconds: 0.05,
  maxClipSeconds: 3,
  statsClips: 500,
  augment: {},
  // 8 kHz (telephone band: enough for words), 25 ms windows, 20 ms hop: 49 frames a second, half
  // the encoder's work of the front-end's 16 kHz / 10 ms defaults.
  frontEnd: { sampleRate: 8000, winLength: 200, hopLength: 160, nFft: 256, fMin: 20, fMax: 3800 },
});

/** The network's shape from the saved state and config: the same for training, enrolment and loading. */
export function modelConfig(state: KeywordSpotterState, config: KeywordSpotterConfig, numClasses: number): KeywordTransformerConfig {
  return {
    numFrames: state.numFrames,
    numFeatures: state.inputWidth,
    numClasses,
    dModel: config.dModel,
    numHeads: config.numHeads,
    numLayers: config.numLayers,
    ffnDim: config.ffnDim,
    dropout: config.dropout,
    positional: config.positional,
    convChannels: config.convChannels,
  };
}

export function featureSettings(state: KeywordSpotterState): FeatureSettings {
  return {
    frontEnd: state.frontEnd,
    windowSamples: Math.round(state.windowSeconds * state.frontEnd.sampleRate),
    normalization: state.normalization,
    featureMean: state.featureMean,
    featureStd: state.featureStd,
    patches: state.patches,
    levelDb: state.levelDb ?? null,
  };
}

/** Model input of one un-augmented clip at any sample rate (checked). */
export function inputOf(clip: AudioClip, state: KeywordSpotterState, where: string): Float32Array {
  return clipInput(toFrontEndRate(clip, state.frontEnd.sampleRate, state, where), featureSettings(state));
}

/**
 * Keyword spotting: which of a few words (digits, commands) a short clip holds. Each clip is one
 * fixed window (default 1 s) of log-mel frames, normalised, classified by a small Keyword
 * Transformer (optionally behind a convolutional front). Training batches are augmented per step.
 */
export const keywordSpotterPlugin = definePlugin<KeywordExample, AudioClip, KeywordPrediction, KeywordSpotterState, KeywordSpotterConfig, KwsEncoded>({
  id: 'keyword-spotter',
  version: '0.2.0',
  modelKind: 'keyword-transformer',
  defaultConfig: defaultKeywordSpotterConfig,
  prepare(examples, config) {
    if (examples.length === 0) throw new InputError('keyword-spotter: training needs at least one example; got none.');
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.some((l) => typeof l !== 'string' || l === '')) throw new InputError('Every example needs a non-empty string label.');
    if (labels.length < 2) throw new InputError(`Training needs at least two labels; every example is labelled "${labels[0]}".`);
    checkAugmentSettings(config.augment);
    const frontEnd = resolveFrontEndConfig(config.frontEnd);
    const settings: WindowSettings = { windowSeconds: config.windowSeconds, minClipSeconds: config.minClipSeconds, maxClipSeconds: config.maxClipSeconds };
    const numFrames = windowFrames(settings, frontEnd);
    if (numFrames < 1) throw new InputError(`A ${config.windowSeconds} s window holds no whole ${frontEnd.winLength}-sample frame.`);
    if (config.normalization !== 'dataset' && config.normalization !== 'utterance') {
      throw new InputError(`normalization must be "utterance" or "dataset"; got ${JSON.stringify(config.normalization)}.`);
    }
    checkLevelDb(config.levelDb);
    // Statistics from an evenly spaced subset (they settle after a few hundred clips).
    const stride = Math.max(1, Math.ceil(examples.length / config.statsClips));
    const length = Math.round(config.windowSeconds * frontEnd.sampleRate);
    const picked = examples.filter((_, i) => i % stride === 0);
    const levelDb = config.levelDb ?? null;
    const windows = picked.map((e, i) => windowFeatures(fitWindow(scaleToLevel(toFrontEndRate(e, frontEnd.sampleRate, settings, e.source ?? `Example ${i * stride}`), levelDb), length), frontEnd));
    const { mean, std } = bandStats(windows, frontEnd.nMels);
    const patches = config.convChannels > 0;
    return {
      labels,
      frontEnd,
      numFrames,
      inputWidth: inputWidth({ frontEnd, patches }),
      normalization: config.normalization,
      patches,
      levelDb,
      ...settings,
      featureMean: mean,
      featureStd: std,
      unknownThreshold: config.unknownThreshold,
    };
  },
  encode(example, state) {
    const label = state.labels.indexOf(example.label);
    if (label < 0) throw new InputError(`${example.source ? `${example.source}: l` : 'L'}abel "${example.label}" was not seen in training; known labels: ${state.labels.join(', ')}.`);
    const samples = toFrontEndRate(example, state.frontEnd.sampleRate, state, example.source ?? 'A clip');
    return { samples, features: clipInput(samples, featureSettings(state)), label };
  },
  buildModel(state, config, seed) {
    const model = new KeywordTransformer(modelConfig(state, config, state.labels.length), { seed });
    const settings = featureSettings(state);
    const augment = config.augment === false ? undefined : { ...defaultAugmentSettings, ...config.augment };
    const stack = model.collate;
    // Training batches recompute each clip's input with fresh random changes drawn from the step's
    // seed; evaluation batches use the plain inputs computed once in `encode`.
    const collate = (examples: KwsEncoded[], context?: { training: boolean; seed: number }) => {
      if (!context?.training || !augment) return stack(examples);
      const rate = state.frontEnd.sampleRate;
      return stack(
        examples.map((e, i) => ({
          label: e.label,
          features: clipInput(e.samples, settings, { draw: drawAugmentation(deriveSeed(context.seed, i), rate, augment), settings: augment }),
        })),
      );
    };
    return Object.assign(model, { collate });
  },
  metrics(outputs, examples) {
    const preds = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
    const labels = examples.map((e) => e.label);
    return { accuracy: accuracy(labels, preds), macroF1: macroF1(labels, preds) };
  },
  encodeInputs(inputs, state): Record<string, TensorData> {
    const size = state.numFrames * state.inputWidth;
    const data = new Float32Array(inputs.length * size);
    inputs.forEach((clip, i) => data.set(inputOf(clip, state, `Input ${i}`), i * size));
    return { features: { type: 'float32', data, dims: [inputs.length, state.numFrames, state.inputWidth] } };
  },
  decode(outputs, inputs, state) {
    return gateSilence(decodeLogits(outputs['logits']!.data as Float32Array, state), inputs, DEFAULT_SILENCE_DB);
  },
  validateState: (raw) => checkState(raw),
  settingRules: {
    dModel: { min: 1, max: 4096, integer: true },
    numHeads: { min: 1, max: 128, integer: true },
    numLayers: { min: 1, max: 64, integer: true },
    ffnDim: { min: 1, max: 32_768, integer: true },
    dropout: { min: 0, max: 0.95 },
    convChannels: { min: 0, max: 1024, integer: true },
    levelDb: { min: -120, max: 0, alsoAllowed: [null] },
    unknownThreshold: { min: 0, max: 1 },
    windowSeconds: { min: 0.05, max: 60 },
    minClipSeconds: { min: 0, max: 60 },
    maxClipSeconds: { min: 0.05, max: 3600 },
    statsClips: { min: 1, max: 1_000_000, integer: true },
    positional: { oneOf: ['learned', 'sinusoidal'] },
    normalization: { oneOf: ['utterance', 'dataset'] },
  },
  // input projection and positions, the encoder, the head (the small convolutional front is left out)
  parameterCount: (state, config) => (state.inputWidth + state.numFrames) * config.dModel + encoderParameters(config) + config.dModel * state.labels.length,
  graphSignature: (state) => ({
    inputs: { features: { type: 'float32', dims: [null, state.numFrames, state.inputWidth] } },
    outputs: { logits: { type: 'float32', dims: [null, state.labels.length] } },
  }),
});

/**
 * Clips quieter than this (loudest 20 ms, DC removed, dB full scale) are silence when predicting:
 * label null whatever the model says. Per-window normalisation would otherwise blow a silent clip's
 * noise floor (or pure digital zero) up to full scale and the model would name a keyword for it.
 */
export const DEFAULT_SILENCE_DB = -60;

/** `predictions[i]` with label null where `clips[i]` is silent (see `isSilent`); `best`, `score` and `scores` stay. */
export function gateSilence(predictions: KeywordPrediction[], clips: readonly AudioClip[], silenceDb: number): KeywordPrediction[] {
  return predictions.map((p, i) => (isSilent(clips[i]!.audio, clips[i]!.sampleRate, silenceDb) ? { ...p, label: null } : p));
}

/** Predictions from logits [N, labels]: softmax, best label, null under the unknown threshold. */
export function decodeLogits(logits: Float32Array, state: Pick<KeywordSpotterState, 'labels' | 'unknownThreshold'>): KeywordPrediction[] {
  const c = state.labels.length;
  return Array.from({ length: logits.length / c }, (_, i) => {
    const probs = softmax(logits.subarray(i * c, (i + 1) * c));
    let best = 0;
    for (let k = 1; k < c; k++) if (probs[k]! > probs[best]!) best = k;
    const scores = Object.fromEntries(state.labels.map((l, k) => [l, probs[k]!]));
    const score = probs[best]!;
    return { label: score >= state.unknownThreshold ? state.labels[best]! : null, best: state.labels[best]!, score, scores };
  });
}

function softmax(row: Float32Array): number[] {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  const e = Array.from(row, (v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
