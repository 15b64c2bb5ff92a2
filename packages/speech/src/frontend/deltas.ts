import { ConfigError } from '@attune/core';
import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * Delta (time-derivative) features by the standard regression formula (HTK, Kaldi, librosa's
 * `delta(mode='nearest')`): d[t] = Σₙ n·(c[t+n] − c[t−n]) / (2·Σₙ n²), n = 1..window, with frames
 * beyond either end replaced by the nearest frame.
 */
export function deltas(features: FeatureMatrix, window = 2): FeatureMatrix {
  if (!Number.isInteger(window) || window < 1) {
    throw new ConfigError('deltas.window', window, 'a positive integer');
  }
  const { data, numFrames: T, numFeatures: F } = features;
  const out = featureMatrix(T, F);
  let denominator = 0;
  for (let n = 1; n <= window; n++) denominator += 2 * n * n;
  const clampFrame = (t: number) => Math.min(T - 1, Math.max(0, t));
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < F; f++) {
      let sum = 0;
      for (let n = 1; n <= window; n++) sum += n * (data[clampFrame(t + n) * F + f]! - data[clampFrame(t - n) * F + f]!);
      out.data[t * F + f] = sum / denominator;
    }
  }
  return out;
}

/** Features followed by their deltas (order 1) and delta-deltas (order 2): `[T, F·(order+1)]`. */
export function withDeltas(features: FeatureMatrix, order: 1 | 2 = 2, window = 2): FeatureMatrix {
  const parts = [features];
  for (let i = 0; i < order; i++) parts.push(deltas(parts[i]!, window));
  const { numFrames: T, numFeatures: F } = features;
  const out = featureMatrix(T, F * parts.length);
  for (let t = 0; t < T; t++) {
    parts.forEach((p, i) => out.data.set(p.data.subarray(t * F, (t + 1) * F), t * out.numFeatures + i * F));
  }
  return out;
}
