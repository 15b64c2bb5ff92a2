// Audio in
export { readWav, type WavAudio, type ReadWavOptions } from './wav/read-wav.js';
export { writeWav, type WriteWavOptions } from './wav/write-wav.js';
export type { WavSampleFormat } from './wav/wav-format.js';
export { resample, type ResampleOptions } from './audio/resample.js';
export { trimSilence, type TrimOptions } from './audio/trim.js';

// Front-end
export { defaultFrontEndConfig, resolveFrontEndConfig, type FrontEndConfig } from './frontend/config.js';
export type { FeatureKind, FeatureMatrix } from './frontend/feature-matrix.js';
export { extractFeatures, logMelSpectrogram, mfcc, frameCount } from './frontend/clip.js';
export { StreamingFrontEnd } from './frontend/streaming.js';
export { deltas, withDeltas } from './frontend/deltas.js';
export { normalizeUtterance } from './frontend/normalize.js';
export { periodicHann } from './frontend/hann.js';
export { melFilterbank, hzToMel, melToHz } from './frontend/mel.js';
export { dctMatrix } from './frontend/dct.js';

// Keyword spotting
export {
  keywordSpotterPlugin,
  defaultKeywordSpotterConfig,
  type KeywordExample,
  type KeywordPrediction,
  type KeywordSpotterConfig,
  type KeywordSpotterState,
  type KwsEncoded,
} from './kws/plugin.js';
export { KeywordTransformer, type KeywordTransformerConfig, type KwsExample } from './kws/model.js';
export { defaultAugmentSettings, type AugmentSettings } from './kws/augment.js';
export type { Normalization } from './kws/features.js';
export type { AudioClip, WindowSettings } from './kws/windowing.js';
export { KeywordSpotter, type KeywordSpotterTrainOptions, type KeywordSpotterLoadOptions, type KeywordEvaluation, type PredictOptions } from './kws/spotter.js';
export { detectKeywords, type DetectOptions, type DetectorCore, type KeywordEvent } from './kws/detect.js';
export type { EnrolOptions } from './kws/enrol.js';
