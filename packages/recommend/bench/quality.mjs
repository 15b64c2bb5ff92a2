#!/usr/bin/env node
// Sequential recommendation quality benchmark: leave-one-out by time on a MovieLens log, SASRec
// trained on ONNX Runtime (onnxruntime-node, CPU), scored through its exported graph under full
// ranking and 100 sampled negatives, beside the popularity baseline; training seconds per epoch and
// one-user recommendation latency (p50, p95). Imports the BUILT packages
// (`npx turbo run build --filter=@attune/recommend...` first).
//   npm run bench:quality -w @attune/recommend -- --data ../shared/datasets/ml-latest-small
// Options: --epochs 30 --loss softmax|bce --negatives all|<n> --sampling uniform|popularity --batch-size 32 --lr 3e-3
//   --d-model 50 --layers 2 --dropout 0.2 --max-length 200 --weight-decay 0 --init-std 0.03 --block pre-ln|sasrec
//   --warmup-steps <n> --min-lr <x> --clip-norm <x> --beta2 <x> --patience <epochs> --whole-histories true|false
//   --seed 0 --tag <key> --out <json>.
// Each run is stored in the JSON under `<data set>/<tag>` (the loss without --tag), so runs sit side by side.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createNodeRuntime } from '@attune/node';
import { Recommender } from '@attune/recommend';
import { readInteractions } from './read-data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    epochs: { type: 'string', default: '30' },
    loss: { type: 'string', default: 'softmax' },
    negatives: { type: 'string', default: 'all' },
    sampling: { type: 'string', default: 'uniform' },
    'batch-size': { type: 'string', default: '32' },
    lr: { type: 'string', default: '3e-3' },
    'd-model': { type: 'string', default: '50' },
    layers: { type: 'string', default: '2' },
    dropout: { type: 'string', default: '0.2' },
    'max-length': { type: 'string', default: '200' },
    'weight-decay': { type: 'string', default: '0' },
    'init-std': { type: 'string', default: '0.03' },
    block: { type: 'string', default: 'pre-ln' },
    'warmup-steps': { type: 'string' },
    'clip-norm': { type: 'string' },
    beta2: { type: 'string' },
    'min-lr': { type: 'string' },
    patience: { type: 'string' },
    'whole-histories': { type: 'string', default: 'true' },
    seed: { type: 'string', default: '0' },
    tag: { type: 'string' },
    threads: { type: 'string' },
    out: { type: 'string', default: path.resolve(here, 'results/quality-recommend.json') },
  },
});
if (!args.data) throw new Error('--data <dir or ratings file> is required, e.g. --data ../shared/datasets/ml-latest-small');
// npm runs workspace scripts in the package folder: resolve --data against where npm was started
// (`npm run bench:quality -w @attune/recommend -- --data ../shared/...` from the repository root),
// else against the package folder
const dataPath = [process.env.INIT_CWD, process.cwd()].filter(Boolean).map((d) => path.resolve(d, args.data)).find((p) => existsSync(p)) ?? path.resolve(args.data);

const { name, log } = readInteractions(dataPath);
const dModel = Number(args['d-model']);
const config = {
  loss: args.loss, negatives: args.negatives === 'all' ? 'all' : Number(args.negatives), sampling: args.sampling, dModel, ffnDim: dModel,
  numLayers: Number(args.layers), numHeads: 1, dropout: Number(args.dropout), maxLength: Number(args['max-length']), initStd: Number(args['init-std']), block: args.block,
};
console.log(`${name}: ${log.length} interactions; config ${JSON.stringify(config)}`);
// the optimiser's own defaults unless given (core fit: 6% warm-up, global-norm clip 1, β2 0.999)
const optimiser = {
  ...(args['warmup-steps'] ? { warmupSteps: Number(args['warmup-steps']) } : {}),
  ...(args['clip-norm'] ? { clipNorm: Number(args['clip-norm']) } : {}),
  ...(args.beta2 ? { beta2: Number(args.beta2) } : {}),
  ...(args['min-lr'] ? { minLearningRate: Number(args['min-lr']) } : {}),
  ...(args.patience ? { earlyStopping: { monitor: 'ndcg@10', patience: Number(args.patience) } } : {}),
};
const runtime = createNodeRuntime({ devices: ['cpu'], ...(args.threads ? { threads: Number(args.threads) } : {}) });
const epochs = [];
const t0 = performance.now();
const rec = await Recommender.train(log, {
  runtime, config, seed: Number(args.seed), epochs: Number(args.epochs), batchSize: Number(args['batch-size']),
  learningRate: Number(args.lr), weightDecay: Number(args['weight-decay']), wholeHistories: args['whole-histories'] !== 'false', ...optimiser,
  onProgress: (e) => {
    if (e.type === 'start') console.log(`engine ${e.engine}, ${e.trainExamples} sequences, ${e.stepsPerEpoch} steps/epoch`);
    if (e.type === 'epoch') {
      epochs.push(e);
      console.log(`epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, validation NDCG@10 ${e.metrics['ndcg@10']?.toFixed(4)} HR@10 ${e.metrics['hr@10']?.toFixed(4)}, ${e.seconds.toFixed(1)} s`);
    }
  },
});
const trainSeconds = (performance.now() - t0) / 1000;
const result = await rec.evaluate();

// One-user latency: the test users' histories, one recommend() call each, after a warm-up.
const histories = rec.testCases.map((c) => c.history);
for (const h of histories.slice(0, 20)) await rec.recommend(h, { k: 10 });
const times = [];
for (let i = 0; i < 300; i++) {
  const t = performance.now();
  await rec.recommend(histories[i % histories.length], { k: 10 });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
const latency = { p50: pct(50), p95: pct(95) };

const trainOnly = epochs.map((e) => e.seconds);
const secondsPerEpoch = trainOnly.reduce((a, b) => a + b, 0) / Math.max(1, trainOnly.length);
const fmt = (m) => `${m.hitRate.toFixed(4)}  ${m.ndcg.toFixed(4)}  ${m.mrr.toFixed(4)}`;
console.log(`\n${name}: ${result.users} users evaluated (test = last item), K = ${result.k}`);
console.log('model              protocol        HR@10   NDCG@10 MRR@10');
console.log(`popularity         sampled 100     ${fmt(result.popularity.sampled)}`);
console.log(`popularity         full ranking    ${fmt(result.popularity.full)}`);
console.log(`Attune SASRec/${args.loss.padEnd(5)} sampled 100     ${fmt(result.model.sampled)}`);
console.log(`Attune SASRec/${args.loss.padEnd(5)} full ranking    ${fmt(result.model.full)}`);
console.log(`ratio vs popularity: sampled NDCG ×${(result.model.sampled.ndcg / result.popularity.sampled.ndcg).toFixed(2)}, full NDCG ×${(result.model.full.ndcg / result.popularity.full.ndcg).toFixed(2)}`);
console.log(`training: ${epochs.length} epochs, ${secondsPerEpoch.toFixed(2)} s/epoch (with validation), ${trainSeconds.toFixed(0)} s in all on ${rec.training.engine}`);
console.log(`recommend(one user, k 10) on onnxruntime-node: p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms`);

const run = {
  dataset: name, date: new Date().toISOString(), command: process.argv.slice(2).join(' '), engine: rec.training.engine, config,
  epochs: epochs.length, batchSize: Number(args['batch-size']), learningRate: Number(args.lr), weightDecay: Number(args['weight-decay']), optimiser, seed: Number(args.seed),
  users: result.users, k: result.k, popularity: result.popularity, model: result.model,
  secondsPerEpoch, trainSeconds, latencyMs: latency,
  validation: epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, ndcg10: e.metrics['ndcg@10'], hr10: e.metrics['hr@10'] })),
};
mkdirSync(path.dirname(args.out), { recursive: true });
const all = existsSync(args.out) ? JSON.parse(readFileSync(args.out, 'utf8')) : { runs: {} };
all.runs[`${name}/${args.tag ?? args.loss}`] = run;
// one line per validation epoch keeps the file readable
const text = JSON.stringify(all, null, 2).replace(/\{\n\s+"epoch": [^{}]*?\n\s+\}/g, (m) => m.replace(/\s*\n\s*/g, ' '));
writeFileSync(args.out, `${text}\n`);
console.log(`wrote ${path.relative(process.cwd(), args.out)}`);
await rec.release();
