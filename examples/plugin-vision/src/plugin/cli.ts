import type { ImageInput, ImagePrediction, LabelledImage } from './plugin.js';

/**
 * What `attune` (the CLI) reads besides `plugin`: its task word, help texts and how a labelled
 * example becomes an input. Everything else uses the CLI's JSON defaults: training data is a .jsonl
 * file of `{"pixels": [784 numbers], "label": "7"}` lines, and `predict`/`serve` take `{"pixels": [...]}`.
 * A plain object, so this package needs no dependency on the CLI.
 */
export const cli = {
  task: 'vision',
  description: 'image classification with a small Vision Transformer (attune-plugin-vision)',
  dataHelp: 'a .jsonl file with one {"pixels": [grey values in 0..1, row-major], "label": "..."} object per line',
  inputOf: (example: LabelledImage): ImageInput => ({ pixels: example.pixels }),
  toJson: (prediction: ImagePrediction) => prediction,
  trainDefaults: { epochs: 10, batchSize: 64, learningRate: 2e-3 },
};
