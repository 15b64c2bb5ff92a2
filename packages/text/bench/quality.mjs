#!/usr/bin/env node
// Text classifier quality benchmark: trains TextClassifier from scratch on ONNX Runtime
// (onnxruntime-node, CPU), then prints test accuracy, macro-F1, seconds per epoch, inference latency
// (batch 1 and 32), tokenizer and n-gram throughput (MB/s), and the reference baselines beside them.
// Imports the BUILT packages (`npx turbo run build --filter=@attune/text` first).
//   npm run bench:quality -w @attune/text -- --data <dir>      (train.csv + test.csv, text + label/category)
//   node bench/quality.mjs --data ../../../shared/datasets/thucnews-titles --format thucnews   (dev.txt → test.txt)
// Options (defaults = the CI quality test's configuration): --epochs 10 --patience 5 --d-model 64
//   --layers 1 --ffn 128 --max-length 48 --batch-size 64 --lr 2e-3 --dropout 0.1 --ngram-vocab 32768
//   --ngram-dim 64 --word-ngrams 3 --char-ngrams 3,5 --ngram-pooling idf --members 2 --branch-loss 1 --ngram-dropout 0
//   --label-smoothing 0.1 --weight-decay 0.01 --pooling mean
//   --val-fraction 0.1 --seed 0 --tag default --out <json>. Adds one run to the JSON file (default
//   bench/results/quality-text.json), keyed `<data set>/<tag>`, so runs sit side by side.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createNodeRuntime } from '@attune/node';
import { TextClassifier, Tokenizer, ngramHashes } from '@attune/text';
import { readSplits } from './read-data.mjs';
import { seededOrder } from './seeded-order.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    format: { type: 'string', default: 'csv' },
    epochs: { type: 'string', default: '10' },
    pooling: { type: 'string', default: 'mean' },
    'd-model': { type: 'string', default: '64' },
    layers: { type: 'string', default: '1' },
    ffn: { type: 'string', default: '128' },
    'max-length': { type: 'string', default: '48' },
    'batch-size': { type: 'string', default: '64' },
    lr: { type: 'string', default: '2e-3' },
    dropout: { type: 'string', default: '0.1' },
    'val-fraction': { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '0' },
    'ngram-vocab': { type: 'string', default: '32768' },
    'ngram-dim': { type: 'string', default: '64' },
    'word-ngrams': { type: 'string', default: '3' },
    'char-ngrams': { type: 'string', default: '3,5' },
    members: { type: 'string', default: '2' },
    'ngram-dropout': { type: 'string', default: '0' },
    'ngram-pooling': { type: 'string', default: 'idf' },
    'branch-loss': { type: 'string', default: '1' },
    'weight-decay': { type: 'string', default: '0.01' },
    'label-smoothing': { type: 'string', default: '0.1' },
    patience: { type: 'string', default: '5' },
    tag: { type: 'string', default: 'default' },
    out: { type: 'string', default: path.resolve(here, 'results/quality-text.json') },
  },
});
if (!args.data) throw new Error('--data <dir> is required (train.csv/test.csv, or dev.txt/test.txt with --format thucnews)');

const { name, train: all, test } = readSplits(args.data, args.format);
// Seeded shuffle, then a validation set off the front (BANKING77 has none; THUCNews trains on dev).
const seed = Number(args.seed);
const order = seededOrder(all.length, seed + 12345);
const nVal = Math.round(all.length * Number(args['val-fraction']));
const validation = order.slice(0, nVal).map((i) => all[i]);
const train = order.slice(nVal).map((i) => all[i]);

const dModel = Number(args['d-model']);
const config = {
  pooling: args.pooling, dModel, numHeads: 4, numLayers: Number(args.layers), ffnDim: Number(args.ffn),
  maxLength: Number(args['max-length']), dropout: Number(args.dropout),
  ngramVocabSize: Number(args['ngram-vocab']), ngramDim: Number(args['ngram-dim']), wordNgrams: Number(args['word-ngrams']),
  charNgrams: args['char-ngrams'].split(',').map(Number), members: Number(args.members), ngramPooling: args['ngram-pooling'], ngramDropout: Number(args['ngram-dropout']), branchLoss: Number(args['branch-loss']), labelSmoothing: Number(args['label-smoothing']),
};
console.log(`${name}: ${train.length} train, ${validation.length} validation, ${test.length} test; config ${JSON.stringify(config)}`);
const runtime = createNodeRuntime({ devices: ['cpu'] });
const epochSeconds = [];
const t0 = performance.now();
const trainCpu0 = process.cpuUsage();
const classifier = await TextClassifier.train(train, {
  runtime, validation, config, seed,
  epochs: Number(args.epochs), batchSize: Number(args['batch-size']), learningRate: Number(args.lr), weightDecay: Number(args['weight-decay']),
  earlyStopping: { monitor: 'accuracy', patience: Number(args.patience) },
  abstain: { targetPrecision: 0.95 },
  onProgress: (e) => {
    if (e.type === 'start') console.log(`engine ${e.engine}, ${e.stepsPerEpoch} steps/epoch`);
    if (e.type === 'epoch') {
      epochSeconds.push(e.seconds);
      console.log(`epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, val loss ${e.valLoss?.toFixed(4)}, val acc ${e.metrics.accuracy?.toFixed(4)}, ${e.seconds.toFixed(1)} s`);
    }
  },
});
const trainSeconds = (performance.now() - t0) / 1000;
// CPU seconds of the whole process (ONNX Runtime's threads included): robust to other jobs' load
const trainCpu = process.cpuUsage(trainCpu0);
const trainCpuSeconds = (trainCpu.user + trainCpu.system) / 1e6;
const metrics = await classifier.evaluate(test);

// Abstain: how much of the test set the validation-learned threshold keeps, and how precise that is.
const predictions = await classifier.predict(test.map((e) => e.text), { batchSize: 64 });
const kept = predictions.filter((p) => p.label !== null);
const keptCorrect = predictions.filter((p, i) => p.label !== null && p.label === test[i].label).length;

async function latency(batch, reps) {
  const texts = test.slice(0, batch).map((e) => e.text);
  for (let i = 0; i < 5; i++) await classifier.predict(texts, { batchSize: batch }); // warm-up
  const times = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    await classifier.predict(test.slice((r * batch) % (test.length - batch), (r * batch) % (test.length - batch) + batch).map((e) => e.text), { batchSize: batch });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], p90Ms: times[Math.floor(times.length * 0.9)] };
}
// Preprocessing throughput on the training texts (UTF-8 MB/s): WordPiece encoding, and the hashed
// n-grams of the n-gram branch, each timed over several passes.
// Reported per wall second and per CPU second: JS encoding is single-threaded, so the CPU figure is
// what a quiet machine gives, and it barely moves when other jobs share the cores.
function throughput(fn) {
  const texts = all.map((e) => e.text);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  for (const t of texts.slice(0, 500)) fn(t); // warm-up
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let passes = 0;
  while (performance.now() - start < 2000) {
    for (const t of texts) fn(t);
    passes++;
  }
  const cpu = process.cpuUsage(cpu0);
  const mb = (bytes * passes) / 1e6;
  return { wall: mb / ((performance.now() - start) / 1000), cpu: mb / ((cpu.user + cpu.system) / 1e6) };
}
const tokenizer = Tokenizer.fromJSON(classifier.state.tokenizer);
const ngramOptions = { wordNgrams: config.wordNgrams, charNgrams: config.charNgrams, lowercase: true };
const tokenizerMBps = throughput((t) => tokenizer.encode(t, { maxLength: config.maxLength, padding: 'none' }));
const ngramsMBps = throughput((t) => ngramHashes(t, ngramOptions));
console.log(
  `preprocessing (MB/s per wall second / per CPU second): tokenizer ${tokenizerMBps.wall.toFixed(1)} / ${tokenizerMBps.cpu.toFixed(1)}, ` +
    `n-grams ${ngramsMBps.wall.toFixed(1)} / ${ngramsMBps.cpu.toFixed(1)}`,
);

const latency1 = await latency(1, 200);
const latency32 = await latency(32, 50);

const result = {
  dataset: name, engine: classifier.training.engine, device: classifier.device, config,
  epochs: Number(args.epochs), epochsRun: classifier.training.epochsRun, bestEpoch: classifier.training.bestEpoch,
  batchSize: Number(args['batch-size']), learningRate: Number(args.lr), weightDecay: Number(args['weight-decay']), seed,
  trainExamples: train.length, validationExamples: validation.length, testExamples: test.length,
  vocabulary: classifier.state.tokenizer.vocab.length,
  testAccuracy: metrics.accuracy, testMacroF1: metrics.macroF1,
  secondsPerEpoch: epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length, trainSeconds,
  trainCpuSeconds, cpuSecondsPerEpoch: trainCpuSeconds / epochSeconds.length,
  abstain: { ...classifier.state.abstain, testCoverage: kept.length / test.length, testPrecision: keptCorrect / Math.max(1, kept.length) },
  latencyBatch1: latency1, latencyBatch32: latency32, tokenizerMBps, ngramsMBps,
  epochSeconds, loadAverage: (await import('node:os')).loadavg(),
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
// Reference figures (REFERENCE.md, measured on a machine like this one; not re-measured here:
// scikit-learn is not installed) for the two shared data sets, side by side.
const BASELINES = {
  banking77: { 'TF-IDF + logistic regression': [0.893, 0.894], 'PyTorch Transformer from scratch': [0.876, 0.876], 'fine-tuned BERT (target)': [0.93, undefined] },
  'thucnews-titles': { 'TF-IDF + logistic regression': [0.867, 0.866], 'PyTorch Transformer from scratch': [0.815, 0.815] },
};
console.log(`\n${name}: Attune test accuracy ${metrics.accuracy.toFixed(4)}, macro-F1 ${metrics.macroF1.toFixed(4)}; training ${trainSeconds.toFixed(0)} s wall (${result.secondsPerEpoch.toFixed(1)} s/epoch), ${trainCpuSeconds.toFixed(0)} CPU s (${result.cpuSecondsPerEpoch.toFixed(1)} CPU s/epoch); latency median b=1 ${latency1.medianMs.toFixed(2)} ms, b=32 ${latency32.medianMs.toFixed(1)} ms`);
for (const [what, [acc, f1]] of Object.entries(BASELINES[name] ?? {})) {
  console.log(`  vs ${what}: accuracy ${acc.toFixed(3)} (Attune ${(metrics.accuracy - acc >= 0 ? '+' : '') + (metrics.accuracy - acc).toFixed(4)})` +
    (f1 !== undefined ? `, macro-F1 ${f1.toFixed(3)} (Attune ${(metrics.macroF1 - f1 >= 0 ? '+' : '') + (metrics.macroF1 - f1).toFixed(4)})` : ''));
}
result.baselines = BASELINES[name] ?? {};
mkdirSync(path.dirname(args.out), { recursive: true });
const previous = existsSync(args.out) ? JSON.parse(readFileSync(args.out, 'utf8')) : {};
writeFileSync(args.out, JSON.stringify({ ...previous, [`${name}/${args.tag}`]: result }, null, 2) + '\n');
console.log(`wrote ${args.out}`);
await classifier.release();
