// Keyword-spotting quality. Default: the Free Spoken Digit Dataset, leave-one-speaker-out: train on
// every speaker but one, test on the one never heard (REFERENCE.md's "a speaker never heard"
// column), each speaker in turn. With `--train <dir> --test <dir>`: train on one folder, test on
// the other (FSDD-named files or one subfolder per label; see dataset.mjs). Accuracy is measured on
// the exported artifact through loadPredictor on onnxruntime-node, i.e. the model a user would ship.
// Imports the built packages (build first); writes bench/results/quality-speech.json.
//
// Knobs (env): KWS_EPOCHS (30), KWS_DMODEL (64), KWS_LAYERS (2), KWS_LR (2e-3), KWS_CONV conv-front
// channels (8; 0 = none), KWS_NORM utterance|dataset, KWS_AUG (1; 0 = no augmentation), KWS_SPEED,
// KWS_WARP (max deviation, e.g. 0.1; 0 = off), KWS_ENSEMBLE models averaged (1), KWS_SPEAKERS
// (comma list of held-out speakers, default all), KWS_OUT (results file name).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { exportArtifact, loadPredictor, train } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { keywordSpotterPlugin as kws } from '@attune/speech';
import { readDataset } from './dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { train: { type: 'string' }, test: { type: 'string' } } });
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const env = (name, fallback) => (process.env[name] !== undefined ? Number(process.env[name]) : fallback);
const dModel = env('KWS_DMODEL', 64);
const augment = env('KWS_AUG', 1) === 0 ? false : {
  ...(process.env.KWS_SPEED !== undefined ? { speedRange: [1 - env('KWS_SPEED'), 1 + env('KWS_SPEED')] } : {}),
  ...(process.env.KWS_WARP !== undefined ? { warpRange: [1 - env('KWS_WARP'), 1 + env('KWS_WARP')] } : {}),
};
const settings = {
  epochs: env('KWS_EPOCHS', 30),
  learningRate: env('KWS_LR', 2e-3),
  batchSize: 32,
  ensemble: env('KWS_ENSEMBLE', 1),
  config: {
    dModel,
    numHeads: 4,
    numLayers: env('KWS_LAYERS', 2),
    ffnDim: 2 * dModel,
    dropout: 0.1,
    convChannels: env('KWS_CONV', 8),
    normalization: process.env.KWS_NORM ?? 'utterance',
    augment,
    // FSDD's own 8 kHz rate (no resampling, 256-point FFT, bands to 3.8 kHz) and a 20 ms hop (49
    // frames): half the encoder's work per window of the 16 kHz / 10 ms defaults.
    frontEnd: { sampleRate: 8000, winLength: 200, hopLength: 160, nFft: 256, fMax: 3800 },
  },
};

const trainDir = args.train ?? path.join(datasets, 'fsdd');
const trainClips = readDataset(trainDir);
const testClips = args.test ? readDataset(args.test) : undefined;
const runtime = createNodeRuntime({ devices: ['cpu'] });
console.log(`[kws bench] ${trainClips.length} clips from ${trainDir}${testClips ? `, ${testClips.length} test clips from ${args.test}` : ''}; settings ${JSON.stringify(settings)}`);

/** Trains `settings.ensemble` models (seeds 7, 8, ...) and returns predictors whose scores are averaged. */
async function trainEnsemble(clips) {
  const started = performance.now();
  const members = [];
  let epochSeconds = [];
  for (let k = 0; k < settings.ensemble; k++) {
    const trained = await train(kws, runtime, clips, { config: settings.config, epochs: settings.epochs, learningRate: settings.learningRate, batchSize: settings.batchSize, seed: 7 + k });
    epochSeconds = epochSeconds.concat(trained.result.history.map((h) => h.seconds));
    members.push({ trained, predictor: await loadPredictor(kws, await exportArtifact(trained), runtime) });
  }
  return { members, secondsTotal: (performance.now() - started) / 1000, secondsPerEpoch: epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length };
}

async function score(members, clips) {
  const labels = members[0].trained.state.labels;
  const sums = clips.map(() => new Float64Array(labels.length));
  for (const { predictor } of members) {
    const predictions = await predictor.predict(clips);
    predictions.forEach((p, i) => labels.forEach((l, k) => (sums[i][k] += p.scores[l] / members.length)));
  }
  const best = sums.map((s) => labels[s.indexOf(Math.max(...s))]);
  const correct = best.filter((b, i) => b === clips[i].label).length;
  const perMember = [];
  if (members.length > 1) {
    for (const { predictor } of members) {
      const p = await predictor.predict(clips);
      perMember.push(p.filter((x, i) => x.best === clips[i].label).length / clips.length);
    }
  }
  return { accuracy: correct / clips.length, perMember };
}

const folds = [];
let parameters;
if (testClips) {
  const { members, secondsTotal, secondsPerEpoch } = await trainEnsemble(trainClips);
  const { accuracy, perMember } = await score(members, testClips);
  folds.push({ train: trainDir, test: args.test, trainClips: trainClips.length, testClips: testClips.length, accuracy, perMember, secondsPerEpoch, secondsTotal });
  console.log(`[kws bench] trained on ${trainDir}, tested on ${args.test}: accuracy ${accuracy.toFixed(3)}`);
  parameters = members[0].trained.model.parameterCount();
} else {
  const allSpeakers = [...new Set(trainClips.map((c) => c.speaker))].sort();
  const speakers = process.env.KWS_SPEAKERS ? process.env.KWS_SPEAKERS.split(',') : allSpeakers;
  for (const held of speakers) {
    const fit = trainClips.filter((c) => c.speaker !== held);
    const test = trainClips.filter((c) => c.speaker === held);
    const { members, secondsTotal, secondsPerEpoch } = await trainEnsemble(fit);
    const { accuracy, perMember } = await score(members, test);
    folds.push({ heldOutSpeaker: held, trainClips: fit.length, testClips: test.length, accuracy, perMember, secondsPerEpoch, secondsTotal });
    console.log(`[kws bench] held out ${held}: accuracy ${accuracy.toFixed(3)}${perMember.length ? ` (members ${perMember.map((a) => a.toFixed(3)).join(', ')})` : ''}, ${secondsPerEpoch.toFixed(1)} s/epoch, ${secondsTotal.toFixed(0)} s in all`);
    parameters ??= members[0].trained.model.parameterCount();
    for (const m of members) await m.predictor.release();
  }
}

const meanAccuracy = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
console.log(`[kws bench] mean accuracy over ${folds.length} fold(s): ${meanAccuracy.toFixed(3)}`);
console.log('[kws bench] REFERENCE.md (FSDD, unseen speaker): logistic regression 0.544, RBF SVM 0.632, small PyTorch model 0.61');
const results = {
  benchmark: testClips ? 'keyword spotting, train folder → test folder' : 'keyword spotting, FSDD leave-one-speaker-out',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  settings,
  folds,
  meanAccuracy,
  parameters,
  reference: { logisticRegression: 0.544, rbfSvm: 0.632, smallPyTorch: 0.61 },
};
const out = path.resolve(here, 'results', process.env.KWS_OUT ?? 'quality-speech.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`[kws bench] wrote ${out}`);
