#!/usr/bin/env node
// Chooses THUCNews's epoch count without touching its test set: THUCNews `dev.txt` alone, split
// once (independently of the training seed) into 7,200 training, 800 validation and 2,000 held-out
// texts; trains the quality test's configuration for the given epochs and seed (early stopping on
// validation accuracy, patience 5) and prints accuracy on the held-out 2,000. Imports the BUILT
// packages (`npx turbo run build --filter=@attune/text...` first).
//   node bench/schedule-check.mjs <epochs> <seed> [--data <thucnews-titles dir>]
// (default: $ATTUNE_DATASETS/thucnews-titles, else ../../../shared/datasets/thucnews-titles)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createNodeRuntime } from '@attune/node';
import { TextClassifier, parseLabelledTsv } from '@attune/text';
import { seededOrder } from './seeded-order.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { data: { type: 'string' } } });
const [epochs, seed] = positionals.map(Number);
if (!(epochs > 0) || !(seed >= 0)) throw new Error('usage: node bench/schedule-check.mjs <epochs> <seed> [--data <dir>]');
const dir = args.data ?? path.join(process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets'), 'thucnews-titles');
const all = parseLabelledTsv(readFileSync(path.join(dir, 'dev.txt'), 'utf8'));

const order = seededOrder(all.length, 778); // the split's own seed: the same held-out texts for every training seed
const heldOut = order.slice(0, 2000).map((i) => all[i]);
const validation = order.slice(2000, 2800).map((i) => all[i]);
const train = order.slice(2800).map((i) => all[i]);

const config = {
  pooling: 'mean', dModel: 64, numHeads: 4, numLayers: 1, ffnDim: 128, maxLength: 48, dropout: 0.1, ngramVocabSize: 32768, ngramDim: 64,
  wordNgrams: 3, charNgrams: [3, 5], members: 2, ngramPooling: 'idf', branchLoss: 1, labelSmoothing: 0.1,
};
const classifier = await TextClassifier.train(train, {
  runtime: createNodeRuntime({ devices: ['cpu'] }), validation, config, seed, epochs, batchSize: 64, learningRate: 2e-3, weightDecay: 0.01,
  earlyStopping: { monitor: 'accuracy', patience: 5 },
});
const m = await classifier.evaluate(heldOut);
console.log(`epochs ${epochs}, seed ${seed}: held-out accuracy ${m.accuracy.toFixed(4)}, macro-F1 ${m.macroF1.toFixed(4)} (best epoch ${classifier.training.bestEpoch}, ${classifier.training.epochsRun} run)`);
await classifier.release();
