import { accuracy, argmaxRows, definePlugin, encoderParameters, InputError, macroF1, type TensorData } from '@attune/core';
import { normalizeImage, pixelStats, squareSide } from './images.js';
import { VisionTransformer, type ImageExample } from './model.js';

/** What `predict` takes: one square grey-scale image, row-major, values in [0, 1] (MNIST: 784 values). */
export interface ImageInput {
  pixels: ArrayLike<number>;
}

/** A labelled image for training. */
export interface LabelledImage extends ImageInput {
  label: string;
}

export interface ImagePrediction {
  /** The most likely class. */
  label: string;
  /** Its probability. */
  score: number;
  /** Probability of every class. */
  scores: Record<string, number>;
}

export interface VisionConfig {
  /** Side of a square patch; must divide the image side. Default 7. */
  patchSize: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  ffnDim: number;
  /** Dropout in the encoder. Default 0. Above 0 the model trains on tfjs (see buildModel), not ONNX Runtime. */
  dropout: number;
  /** Random shift of training images, in pixels each way (augmentation). Default 2. */
  maxShift: number;
}

/** What `prepare` learns; saved in the artifact's manifest as plain JSON. */
export interface VisionState {
  /** Class names, sorted; a model output index is a position in this list. */
  labels: string[];
  /** Side of the square images the model takes. */
  imageSize: number;
  /** Training-set pixel mean and standard deviation, applied to every image before the model. */
  pixelMean: number;
  pixelStd: number;
}

const defaultConfig: VisionConfig = { patchSize: 7, dModel: 64, numHeads: 4, numLayers: 2, ffnDim: 128, dropout: 0, maxShift: 2 };

/** At most this many training images are read to estimate the pixel statistics (they settle quickly). */
const STATS_IMAGES = 2000;

/**
 * Image classification with a small Vision Transformer, written only against `@attune/core`'s
 * public API: a fourth plugin next to the built-in text, speech and recommendation ones.
 */
export const visionPlugin = definePlugin<LabelledImage, ImageInput, ImagePrediction, VisionState, VisionConfig, ImageExample>({
  id: 'image-classifier',
  version: '0.1.0',
  modelKind: 'vision-transformer',
  defaultConfig,
  prepare(examples, config) {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.some((l) => typeof l !== 'string' || l === '')) throw new InputError('Every image needs a non-empty string label.');
    if (labels.length < 2) throw new InputError(`Training needs at least two labels; every image is labelled "${labels[0]}".`);
    const imageSize = squareSide(examples[0]!.pixels?.length ?? 0, 'The first training image');
    if (imageSize % config.patchSize !== 0) {
      throw new InputError(`patchSize ${config.patchSize} does not divide the image side ${imageSize}; pick a divisor such as ${divisors(imageSize).join(', ')}.`);
    }
    const stride = Math.max(1, Math.ceil(examples.length / STATS_IMAGES));
    const { mean, std } = pixelStats(examples.filter((_, i) => i % stride === 0).map((e) => e.pixels));
    return { labels, imageSize, pixelMean: mean, pixelStd: std };
  },
  encode(example, state) {
    const label = state.labels.indexOf(example.label);
    if (label < 0) throw new InputError(`Label "${example.label}" was not seen in training; known labels: ${state.labels.join(', ')}.`);
    return { pixels: toModelPixels(example, state, 'A training image'), label };
  },
  buildModel(state, config, seed) {
    // an empty pixel (0) after normalisation: what a shift uncovers
    const background = -state.pixelMean / state.pixelStd;
    return new VisionTransformer({ imageSize: state.imageSize, numClasses: state.labels.length, ...config, background }, { seed });
  },
  metrics(outputs, examples) {
    const preds = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
    const labels = examples.map((e) => e.label);
    return { accuracy: accuracy(labels, preds), macroF1: macroF1(labels, preds) };
  },
  encodeInputs(inputs, state): Record<string, TensorData> {
    const s = state.imageSize;
    const data = new Float32Array(inputs.length * s * s);
    inputs.forEach((input, i) => data.set(toModelPixels(input, state, `Input ${i}`), i * s * s));
    return { pixels: { type: 'float32', data, dims: [inputs.length, s, s] } };
  },
  decode(outputs, _inputs, state) {
    const logits = outputs['logits']!.data as Float32Array;
    const c = state.labels.length;
    return Array.from({ length: logits.length / c }, (_, i) => {
      const probs = softmax(logits.subarray(i * c, (i + 1) * c));
      const best = probs.indexOf(Math.max(...probs));
      return { label: state.labels[best]!, score: probs[best]!, scores: Object.fromEntries(state.labels.map((l, j) => [l, probs[j]!])) };
    });
  },
  settingRules: {
    patchSize: { min: 1, max: 1024, integer: true },
    dModel: { min: 1, max: 4096, integer: true },
    numHeads: { min: 1, max: 128, integer: true },
    numLayers: { min: 1, max: 64, integer: true },
    ffnDim: { min: 1, max: 32_768, integer: true },
    dropout: { min: 0, max: 0.95 },
    maxShift: { min: 0, max: 1024, integer: true },
  },
  // patch projection, one position per patch (and a class token), the encoder and the head
  parameterCount: (state, config) =>
    (config.patchSize ** 2 + (state.imageSize / config.patchSize) ** 2 + 1) * config.dModel + encoderParameters(config) + config.dModel * state.labels.length,
  graphSignature: (state) => ({
    inputs: { pixels: { type: 'float32', dims: [null, state.imageSize, state.imageSize] } },
    outputs: { logits: { type: 'float32', dims: [null, state.labels.length] } },
  }),
  validateState(raw) {
    const s = raw as Partial<VisionState> | null;
    if (!s || typeof s !== 'object') throw new Error('it is not an object');
    if (!Array.isArray(s.labels) || s.labels.length < 2 || !s.labels.every((l) => typeof l === 'string')) throw new Error('labels must be at least two strings');
    if (!Number.isInteger(s.imageSize) || s.imageSize! < 1) throw new Error(`imageSize must be a positive integer, got ${String(s.imageSize)}`);
    if (!Number.isFinite(s.pixelMean) || !(Number(s.pixelStd) > 0)) throw new Error('pixelMean must be a number and pixelStd a positive number');
    return s as VisionState;
  },
});

function toModelPixels(input: ImageInput, state: VisionState, where: string): Float32Array {
  if (input == null || typeof input !== 'object') throw new InputError(`${where} must be an object { pixels }; got ${String(input)}.`);
  return normalizeImage(input.pixels, state.imageSize * state.imageSize, state.pixelMean, state.pixelStd, where);
}

function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0 && d > 1 && d < n);
}
