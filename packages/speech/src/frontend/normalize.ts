import { featureMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * Per-utterance mean and variance normalisation (CMVN): each feature gets zero mean and unit
 * variance over the utterance's frames, which removes the channel's and the speaker's level.
 * A feature that barely varies is divided by at least `minStd` rather than blown up to noise.
 */
export function normalizeUtterance(features: FeatureMatrix, minStd = 1e-5): FeatureMatrix {
  const { data, numFrames: T, numFeatures: F } = features;
  const out = featureMatrix(T, F);
  for (let f = 0; f < F; f++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += data[t * F + f]!;
    mean /= Math.max(T, 1);
    let variance = 0;
    for (let t = 0; t < T; t++) variance += (data[t * F + f]! - mean) ** 2;
    const std = Math.max(Math.sqrt(variance / Math.max(T, 1)), minStd);
    for (let t = 0; t < T; t++) out.data[t * F + f] = (data[t * F + f]! - mean) / std;
  }
  return out;
}
