// Keyword-spotting quality on the Free Spoken Digit Dataset, leave-one-speaker-out: train on every
// speaker but one, test on the one never heard (REFERENCE.md's "a speaker never heard" column), each
// speaker in turn. Accuracy is measured on the exported artifact through loadPredictor on
// onnxruntime-node, i.e. the model a user would ship. Imports the built packages (run
// `npx turbo run build` first); writes bench/results/quality-speech.json at the repository root.
//
// Knobs (env): KWS_EPOCHS (12), KWS_COPIES augmented copies per clip (1), KWS_DMODEL (64),
// KWS_LAYERS (2), KWS_LR (2e-3), KWS_SPEAKERS (comma list, default all).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportArtifact, loadPredictor, openSession, train } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { augmentExamples, keywordSpotterPlugin as kws, readWav } from '@attune/speech';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const dir = path.join(datasets, 'fsdd', 'recordings');
const env = (name, fallback) => (process.env[name] !== undefined ? Number(process.env[name]) : fallback);
const settings = {
  epochs: env('KWS_EPOCHS', 12),
  copies: env('KWS_COPIES', 1),
  learningRate: env('KWS_LR', 2e-3),
  batchSize: 32,
  config: { dModel: env('KWS_DMODEL', 64), numHeads: 4, numLayers: env('KWS_LAYERS', 2), ffnDim: 2 * env('KWS_DMODEL', 64), dropout: 0.1, frontEnd: frontEnd() },
};

/** KWS_FRONTEND=16k: the package defaults (16 kHz, 10 ms hop, 98 frames). Default `8k-20ms`: FSDD's own
 * 8 kHz rate (no resampling, 256-point FFT, bands to 3.8 kHz) and a 20 ms hop (49 frames), which
 * roughly halves the encoder's work per window. */
function frontEnd() {
  if (process.env.KWS_FRONTEND === '16k') return {};
  return { sampleRate: 8000, winLength: 200, hopLength: env('KWS_HOP', 160), nFft: 256, fMax: 3800 };
}

// `<digit>_<speaker>_<n>.wav`
const clips = readdirSync(dir)
  .filter((f) => f.endsWith('.wav'))
  .sort()
  .map((f) => {
    const [label, speaker] = path.basename(f, '.wav').split('_');
    const wav = readWav(readFileSync(path.join(dir, f)));
    return { audio: wav.samples, sampleRate: wav.sampleRate, label, speaker };
  });
const allSpeakers = [...new Set(clips.map((c) => c.speaker))].sort();
const speakers = process.env.KWS_SPEAKERS ? process.env.KWS_SPEAKERS.split(',') : allSpeakers;
console.log(`[kws bench] ${clips.length} FSDD clips, speakers ${allSpeakers.join(', ')}; settings ${JSON.stringify(settings)}`);

const runtime = createNodeRuntime({ devices: ['cpu'] });
const folds = [];
let latency;
let parameters;
for (const held of speakers) {
  const trainClips = clips.filter((c) => c.speaker !== held);
  const testClips = clips.filter((c) => c.speaker === held);
  const started = performance.now();
  const trained = await train(kws, runtime, augmentExamples(trainClips, { copies: settings.copies, seed: 7 }), {
    config: settings.config,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    seed: 7,
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const epochSeconds = trained.result.history.map((h) => h.seconds);
  const predictor = await loadPredictor(kws, await exportArtifact(trained), runtime);
  const predictions = [];
  for (let i = 0; i < testClips.length; i += 64) predictions.push(...(await predictor.predict(testClips.slice(i, i + 64))));
  const accuracy = predictions.filter((p, i) => p.best === testClips[i].label).length / testClips.length;
  const unknown = predictions.filter((p) => p.label === null).length / testClips.length;
  const fold = {
    heldOutSpeaker: held,
    trainClips: trainClips.length,
    trainExamples: trainClips.length * (1 + settings.copies),
    testClips: testClips.length,
    accuracy,
    unknownRate: unknown,
    finalTrainLoss: trained.result.history.at(-1).trainLoss,
    secondsPerEpoch: epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length,
    secondsTotal: totalSeconds, // includes feature extraction and augmentation in encode
  };
  folds.push(fold);
  console.log(`[kws bench] held out ${held}: accuracy ${accuracy.toFixed(3)} (unknown at 0.5: ${unknown.toFixed(3)}), ${fold.secondsPerEpoch.toFixed(1)} s/epoch, ${totalSeconds.toFixed(0)} s in all`);
  parameters ??= trained.model.parameterCount();
  latency ??= await measureLatency(predictor, trained, testClips[0]);
  await predictor.release();
}

/** Median milliseconds for one 1-second window: end to end (front-end + ONNX Runtime) and model only. */
async function measureLatency(predictor, trained, clip) {
  const feeds = kws.encodeInputs([clip], trained.state, trained.config);
  const session = await openSession(runtime, (await exportArtifact(trained)).files.get('model.onnx'));
  const median = async (fn) => {
    for (let i = 0; i < 10; i++) await fn();
    const times = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[50];
  };
  const result = { endToEndMs: await median(() => predictor.predict([clip])), modelOnlyMs: await median(() => session.run(feeds)), device: predictor.device };
  await session.release();
  console.log(`[kws bench] latency per 1 s window on onnxruntime-node ${result.device}: ${result.endToEndMs.toFixed(2)} ms end to end, ${result.modelOnlyMs.toFixed(2)} ms model only`);
  return result;
}

const meanAccuracy = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
console.log(`[kws bench] mean leave-one-speaker-out accuracy over ${folds.length} speakers: ${meanAccuracy.toFixed(3)}`);
console.log('[kws bench] REFERENCE.md (unseen speaker): logistic regression 0.544, RBF SVM 0.632, small PyTorch model 0.61');
const results = {
  benchmark: 'keyword spotting, FSDD leave-one-speaker-out',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  settings,
  folds,
  meanAccuracy,
  parameters,
  latencyPerWindow: latency,
  reference: { logisticRegression: 0.544, rbfSvm: 0.632, smallPyTorch: 0.61 },
};
const out = path.resolve(here, '../../../bench/results/quality-speech.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`[kws bench] wrote ${out}`);
