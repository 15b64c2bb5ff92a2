import { scaleToLevel } from '../audio/level.js';
import type { FrontEndConfig } from '../frontend/config.js';
import { addNoise, changeSpeed, specAugment, warpBands, type AudioAugmentation, type AugmentSettings } from './augment.js';
import { fitWindow, normalizeBands, windowFeatures } from './windowing.js';

/**
 * How one window of audio becomes the model's input: log-mel → normalisation → (conv front) patches.
 * `dataset`: per band, with the training set's mean and standard deviation (saved in the artifact).
 * `utterance`: per band, with this window's own mean and standard deviation, which removes much of
 * a voice's and a microphone's fixed colouring; the measure that matters here is unseen speakers.
 */
export type Normalization = 'dataset' | 'utterance';

export interface FeatureSettings {
  frontEnd: FrontEndConfig;
  /** Samples per window at the front-end rate. */
  windowSamples: number;
  normalization: Normalization;
  featureMean: readonly number[];
  featureStd: readonly number[];
  /** 3×3 patches (frequency stride 2) for the convolutional front; false: plain log-mel frames. */
  patches: boolean;
  /** Each clip is scaled to this RMS level (dB full scale) first; null: as recorded. */
  levelDb: number | null;
}

/** Model input values per frame: nMels, or ⌈nMels/2⌉ × 9 with the conv front. */
export function inputWidth(s: Pick<FeatureSettings, 'frontEnd' | 'patches'>): number {
  return s.patches ? Math.ceil(s.frontEnd.nMels / 2) * 9 : s.frontEnd.nMels;
}

/** Model input of one clip (already at the front-end rate), with the random changes of `aug` when given. */
export function clipInput(clip: Float32Array, s: FeatureSettings, aug?: { draw: AudioAugmentation; settings: AugmentSettings }): Float32Array {
  const bands = s.frontEnd.nMels;
  const samples = scaleToLevel(clip, s.levelDb);
  if (!aug) return finish(normalize(windowFeatures(fitWindow(samples, s.windowSamples), s.frontEnd), s), s);
  const { draw, settings } = aug;
  let window = fitWindow(changeSpeed(samples, draw.speed), s.windowSamples, draw.shiftSamples);
  if (draw.snrDb !== null) window = addNoise(window, draw.snrDb, draw.rng);
  const warped = warpBands(windowFeatures(window, s.frontEnd), bands, draw.warp);
  return finish(specAugment(normalize(warped, s), bands, settings, draw.rng), s);
}

/**
 * Inputs of one clip seen through several mel-axis warps (test-time augmentation: averaging the
 * model's probabilities over warps makes it less sensitive to the speaker's vocal-tract length).
 */
export function warpedInputs(clip: Float32Array, s: FeatureSettings, warps: readonly number[]): Float32Array[] {
  const logMel = windowFeatures(fitWindow(scaleToLevel(clip, s.levelDb), s.windowSamples), s.frontEnd);
  return warps.map((w) => finish(normalize(warpBands(logMel.slice(), s.frontEnd.nMels, w), s), s));
}

function finish(features: Float32Array, s: FeatureSettings): Float32Array {
  return s.patches ? toPatches(features, s.frontEnd.nMels) : features;
}

function normalize(features: Float32Array, s: FeatureSettings): Float32Array {
  return s.normalization === 'utterance' ? normalizeUtteranceBands(features, s.frontEnd.nMels) : normalizeBands(features, s.featureMean, s.featureStd);
}

/** Per-band mean and standard deviation of this window alone (std floored at 0.1 so flat bands stay finite), in place. */
export function normalizeUtteranceBands(features: Float32Array, bands: number): Float32Array {
  const frames = features.length / bands;
  for (let b = 0; b < bands; b++) {
    let sum = 0;
    let sq = 0;
    for (let t = 0; t < frames; t++) {
      const v = features[t * bands + b]!;
      sum += v;
      sq += v * v;
    }
    const mean = sum / frames;
    const std = Math.max(Math.sqrt(Math.max(sq / frames - mean * mean, 0)), 0.1);
    for (let t = 0; t < frames; t++) features[t * bands + b] = (features[t * bands + b]! - mean) / std;
  }
  return features;
}

/**
 * 3×3 patches around every (frame, band pair): [frames, ⌈bands/2⌉, 9], zero beyond the edges. The
 * conv front's first layer is then one MatMul with a [9, channels] kernel, which both training
 * engines and ONNX Runtime run without a Conv op (core's ONNX autodiff has no Conv rule). Patches
 * are cut from the input, never from weights, so doing it here costs nothing in the graph.
 */
export function toPatches(features: Float32Array, bands: number): Float32Array {
  const frames = features.length / bands;
  const outBands = Math.ceil(bands / 2);
  const out = new Float32Array(frames * outBands * 9);
  let o = 0;
  for (let t = 0; t < frames; t++) {
    for (let fb = 0; fb < outBands; fb++) {
      const centre = fb * 2;
      for (let dt = -1; dt <= 1; dt++) {
        for (let df = -1; df <= 1; df++, o++) {
          const tt = t + dt;
          const ff = centre + df;
          if (tt >= 0 && tt < frames && ff >= 0 && ff < bands) out[o] = features[tt * bands + ff]!;
        }
      }
    }
  }
  return out;
}
