// Keyword-spotting quality. Default: the Free Spoken Digit Dataset, leave-one-speaker-out: train on
// every speaker but one, test on the one never heard (REFERENCE.md's "a speaker never heard"
// column), each speaker in turn. With `--train <dir> --test <dir>`: train on one folder, test on
// the other (FSDD-named files or one subfolder per label; see dataset.mjs). `--extra <dir>` adds a
// folder's clips to every training set and to no test set (e.g. `attune synth` takes in synthetic
// voices; see README). Accuracy is measured on
// the exported artifact through loadPredictor on onnxruntime-node, i.e. the model a user would ship.
// Imports the built packages (build first); writes bench/results/quality-speech.json.
//
// Knobs (env): KWS_EPOCHS (40, the library's default), KWS_DMODEL (64), KWS_LAYERS (2), KWS_LR (2e-3), KWS_CONV conv-front
// channels (8; 0 = none), KWS_NORM utterance|dataset, KWS_LEVEL clip level in dBFS (unset: as recorded,
// the library's default), KWS_MELS mel bands (40), KWS_NFFT (256), KWS_AUG (1; 0 = no augmentation), KWS_SPEED,
// KWS_WARP (max deviation, e.g. 0.1; 0 = off), KWS_SEED (7), KWS_ENSEMBLE models averaged (1; seeds KWS_SEED, +1, ...), KWS_SPEAKERS
// (comma list of held-out speakers, default all), KWS_OUT (results file name).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { artifactTrainingState } from '@attune/core';
import { createNodeRuntime, saveArtifact } from '@attune/node';
import { KeywordSpotter } from '@attune/speech';
import { readDataset } from './dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TTA_WARPS = [0.9, 1, 1.1];
const { values: args } = parseArgs({ options: { train: { type: 'string' }, test: { type: 'string' }, extra: { type: 'string' } } });
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const env = (name, fallback) => (process.env[name] !== undefined ? Number(process.env[name]) : fallback);
const dModel = env('KWS_DMODEL', 64);
const augment = env('KWS_AUG', 1) === 0 ? false : {
  ...(process.env.KWS_SPEED !== undefined ? { speedRange: [1 - env('KWS_SPEED'), 1 + env('KWS_SPEED')] } : {}),
  ...(process.env.KWS_WARP !== undefined ? { warpRange: [1 - env('KWS_WARP'), 1 + env('KWS_WARP')] } : {}),
};
const settings = {
  epochs: env('KWS_EPOCHS', 40),
  learningRate: env('KWS_LR', 2e-3),
  batchSize: 32,
  seed: env('KWS_SEED', 7),
  ensemble: env('KWS_ENSEMBLE', 1),
  config: {
    dModel,
    numHeads: 4,
    numLayers: env('KWS_LAYERS', 2),
    ffnDim: 2 * dModel,
    dropout: 0.1,
    convChannels: env('KWS_CONV', 8),
    normalization: process.env.KWS_NORM ?? 'utterance',
    levelDb: process.env.KWS_LEVEL === undefined || process.env.KWS_LEVEL === 'none' ? null : Number(process.env.KWS_LEVEL),
    augment,
    // FSDD's own 8 kHz rate (no resampling, 256-point FFT, bands to 3.8 kHz) and a 20 ms hop (49
    // frames): half the encoder's work per window of the 16 kHz / 10 ms defaults.
    frontEnd: { sampleRate: 8000, winLength: 200, hopLength: 160, nFft: env('KWS_NFFT', 256), fMax: 3800, nMels: env('KWS_MELS', 40) },
  },
};

const trainDir = args.train ?? path.join(datasets, 'fsdd');
const trainClips = readDataset(trainDir);
const testClips = args.test ? readDataset(args.test) : undefined;
const extraClips = args.extra ? readDataset(args.extra) : [];
const runtime = createNodeRuntime({ devices: ['cpu'] });
console.log(`[kws bench] ${trainClips.length} clips from ${trainDir}${testClips ? `, ${testClips.length} test clips from ${args.test}` : ''}${args.extra ? `, ${extraClips.length} extra training clips from ${args.extra}` : ''}; settings ${JSON.stringify(settings)}`);

/** Trains `settings.ensemble` spotters (seeds KWS_SEED, +1, ...) whose probabilities are averaged. */
async function trainEnsemble(clips) {
  const started = performance.now();
  const members = [];
  const epochSeconds = [];
  for (let k = 0; k < settings.ensemble; k++) {
    const spotter = await KeywordSpotter.train(runtime, clips, {
      config: settings.config,
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      seed: settings.seed + k,
      onProgress: (e) => {
        if (e.type === 'epoch') {
          epochSeconds.push(e.seconds);
          if (process.env.KWS_VERBOSE) console.log(`[kws bench]   epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(3)}, ${e.seconds.toFixed(1)} s`);
        }
      },
    });
    members.push(spotter);
  }
  return { members, secondsTotal: (performance.now() - started) / 1000, secondsPerEpoch: epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length };
}

/** Accuracy of the averaged members, plain and with test-time warps; and each member's own. */
async function score(members, clips) {
  const labels = members[0].labels;
  const result = {};
  for (const [name, options] of [['plain', {}], ['tta', { warps: TTA_WARPS }]]) {
    const sums = clips.map(() => new Float64Array(labels.length));
    const perMember = [];
    for (const spotter of members) {
      const predictions = await spotter.predict(clips, options);
      predictions.forEach((p, i) => labels.forEach((l, k) => (sums[i][k] += p.scores[l] / members.length)));
      perMember.push(predictions.filter((p, i) => p.best === clips[i].label).length / clips.length);
    }
    const best = sums.map((s) => labels[s.indexOf(Math.max(...s))]);
    result[name] = { accuracy: best.filter((b, i) => b === clips[i].label).length / clips.length, perMember };
  }
  return result;
}

const folds = [];
let parameters;
if (testClips) {
  const { members, secondsTotal, secondsPerEpoch } = await trainEnsemble([...trainClips, ...extraClips]);
  const scores = await score(members, testClips);
  folds.push({ train: trainDir, test: args.test, trainClips: trainClips.length, testClips: testClips.length, accuracy: scores.plain.accuracy, accuracyTta: scores.tta.accuracy, perMember: scores.plain.perMember, secondsPerEpoch, secondsTotal });
  console.log(`[kws bench] trained on ${trainDir}, tested on ${args.test}: accuracy ${scores.plain.accuracy.toFixed(3)} (with test-time warps ${scores.tta.accuracy.toFixed(3)})`);
  await save(members[0]);
} else {
  const allSpeakers = [...new Set(trainClips.map((c) => c.speaker))].sort();
  const speakers = process.env.KWS_SPEAKERS ? process.env.KWS_SPEAKERS.split(',') : allSpeakers;
  for (const held of speakers) {
    const fit = [...trainClips.filter((c) => c.speaker !== held), ...extraClips];
    const test = trainClips.filter((c) => c.speaker === held);
    const { members, secondsTotal, secondsPerEpoch } = await trainEnsemble(fit);
    const scores = await score(members, test);
    const accuracy = scores.plain.accuracy;
    folds.push({ heldOutSpeaker: held, trainClips: fit.length, testClips: test.length, accuracy, accuracyTta: scores.tta.accuracy, perMember: scores.plain.perMember, perMemberTta: scores.tta.perMember, secondsPerEpoch, secondsTotal });
    console.log(`[kws bench] held out ${held}: accuracy ${accuracy.toFixed(3)}, with test-time warps ${scores.tta.accuracy.toFixed(3)}${members.length > 1 ? ` (members ${scores.plain.perMember.map((a) => a.toFixed(3)).join(', ')})` : ''}, ${secondsPerEpoch.toFixed(1)} s/epoch, ${secondsTotal.toFixed(0)} s in all`);
    await save(members[0]);
    for (const m of members) await m.release();
  }
}

/** KWS_SAVE=<dir>: keep the last model trained (e.g. for bench/speed.mjs --model). */
async function save(spotter) {
  parameters ??= artifactTrainingState(spotter.artifact).weights.reduce((n, w) => n + w.data.length, 0);
  if (process.env.KWS_SAVE) await saveArtifact(process.env.KWS_SAVE, spotter.artifact);
}

const meanAccuracy = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
const meanAccuracyTta = folds.reduce((s, f) => s + f.accuracyTta, 0) / folds.length;
console.log(`[kws bench] mean accuracy over ${folds.length} fold(s): ${meanAccuracy.toFixed(3)}; with test-time warps ${TTA_WARPS.join('/')}: ${meanAccuracyTta.toFixed(3)}`);
console.log('[kws bench] REFERENCE.md (FSDD, unseen speaker): logistic regression 0.544, RBF SVM 0.632, small PyTorch model 0.61');
const results = {
  benchmark: testClips ? 'keyword spotting, train folder → test folder' : 'keyword spotting, FSDD leave-one-speaker-out',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  settings,
  extraTraining: args.extra ? { dir: args.extra, clips: extraClips.length } : undefined,
  folds,
  meanAccuracy,
  meanAccuracyTta,
  testTimeWarps: TTA_WARPS,
  parameters,
  reference: { logisticRegression: 0.544, rbfSvm: 0.632, smallPyTorch: 0.61 },
};
const out = path.resolve(here, 'results', process.env.KWS_OUT ?? 'quality-speech.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`[kws bench] wrote ${out}`);
