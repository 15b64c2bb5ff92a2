// attune-plugin-vision: image classification with a small Vision Transformer on @attune/core's public API.
// The CLI finds this package by its name (attune-plugin-*) and reads `plugin` (see README).
export { visionPlugin, visionPlugin as plugin, type ImageInput, type LabelledImage, type ImagePrediction, type VisionConfig, type VisionState } from './plugin/plugin.js';
export { VisionTransformer, patchify, type VisionTransformerConfig, type ImageExample } from './plugin/model.js';
export { cli } from './plugin/cli.js';
export { predictDigit, type DigitPrediction } from './plugin/predict-digit.js';
