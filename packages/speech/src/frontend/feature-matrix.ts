/** Frames of features, row-major: frame t's features are `data[t * numFeatures ... +numFeatures)`. */
export interface FeatureMatrix {
  data: Float32Array;
  numFrames: number;
  numFeatures: number;
}

/** Which per-frame features a front-end produces. */
export type FeatureKind = 'log-mel' | 'mfcc';

export function featureMatrix(numFrames: number, numFeatures: number): FeatureMatrix {
  return { data: new Float32Array(numFrames * numFeatures), numFrames, numFeatures };
}
