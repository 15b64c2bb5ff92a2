import { InputError } from '@attune/core';
import { resolveFrontEndConfig, type FrontEndConfig } from './config.js';
import { featureMatrix, type FeatureKind, type FeatureMatrix } from './feature-matrix.js';
import { FrameProcessor } from './frame-processor.js';

/** Frames in a clip of `numSamples` (no centring: only whole windows, 1 + ⌊(n - win) / hop⌋). */
export function frameCount(numSamples: number, config: Pick<FrontEndConfig, 'winLength' | 'hopLength'>): number {
  if (numSamples < config.winLength) return 0;
  return 1 + Math.floor((numSamples - config.winLength) / config.hopLength);
}

/** Features of a whole clip, one row per frame. `samples` must be at `config.sampleRate`. */
export function extractFeatures(samples: Float32Array, kind: FeatureKind, config: Partial<FrontEndConfig> = {}): FeatureMatrix {
  if (!(samples instanceof Float32Array)) {
    throw new InputError(`Expected samples as a Float32Array; got ${Object.prototype.toString.call(samples)}.`);
  }
  const resolved = resolveFrontEndConfig(config);
  const processor = new FrameProcessor(resolved, kind);
  const result = featureMatrix(frameCount(samples.length, resolved), processor.numFeatures);
  for (let t = 0; t < result.numFrames; t++) {
    processor.process(samples, t * resolved.hopLength, result.data, t * result.numFeatures);
  }
  return result;
}

/** Log-mel spectrogram: `[frames, nMels]` of ln(mel power + logFloor). */
export function logMelSpectrogram(samples: Float32Array, config: Partial<FrontEndConfig> = {}): FeatureMatrix {
  return extractFeatures(samples, 'log-mel', config);
}

/** MFCCs: `[frames, nMfcc]`, the orthonormal DCT-II of each log-mel frame. */
export function mfcc(samples: Float32Array, config: Partial<FrontEndConfig> = {}): FeatureMatrix {
  return extractFeatures(samples, 'mfcc', config);
}
