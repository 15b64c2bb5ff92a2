// Keyword-spotting speed on the 2-core machine, side by side with real time: front-end throughput
// (seconds of audio per second of compute) for the spotter's inputs, inference latency per 1 s
// window on onnxruntime-node (model only and end to end), and the real-time factor of streaming
// detection (compute seconds per audio second; < 1 keeps up with a microphone). Trains a small
// model for a few epochs unless `--model <artifact dir>` is given (speed does not depend on quality).
// Imports the built packages; writes bench/results/speed-speech.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openSession } from '@attune/core';
import { createNodeRuntime, loadArtifact } from '@attune/node';
import { KeywordSpotter, logMelSpectrogram, defaultKeywordSpotterConfig } from '@attune/speech';
import { readDataset } from './dataset.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { model: { type: 'string' } } });
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const clips = readDataset(path.join(datasets, 'fsdd'));
const runtime = createNodeRuntime({ devices: ['cpu'] });
const spotter = args.model
  ? await KeywordSpotter.load(await loadArtifact(args.model), runtime)
  : await KeywordSpotter.train(runtime, clips.filter((_, i) => i % 4 === 0), { epochs: 2, seed: 1 });
const state = spotter.state;
console.log(`[kws speed] model: ${args.model ?? 'trained for 2 epochs on 1/4 of FSDD'}; ${state.numFrames} frames × ${state.inputWidth} inputs per window`);

const audioSeconds = clips.reduce((s, c) => s + c.audio.length / c.sampleRate, 0);
function rate(fn, seconds) {
  fn();
  let passes = 0;
  const started = performance.now();
  do {
    fn();
    passes++;
  } while (passes < 2 || performance.now() - started < 2000);
  return (seconds * passes) / ((performance.now() - started) / 1000);
}
const frontEnd = state.frontEnd;
const logMelX = rate(() => clips.forEach((c) => logMelSpectrogram(c.audio, frontEnd)), audioSeconds);
// What the spotter computes per clip: fixed 1 s window, log-mel, normalisation, conv patches.
const inputsX = rate(() => clips.forEach((c) => spotter.input(c)), audioSeconds);
console.log(`[kws speed] front-end: log-mel ${logMelX.toFixed(0)}× real time; full window inputs ${inputsX.toFixed(0)}× real time`);

const median = async (fn, n = 100) => {
  for (let i = 0; i < 10; i++) await fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
};
const one = clips[0];
const session = await openSession(runtime, spotter.artifact.files.get('model.onnx'));
const feeds = { features: { type: 'float32', data: spotter.input(one), dims: [1, state.numFrames, state.inputWidth] } };
const modelMs = await median(() => session.run(feeds));
const endToEndMs = await median(() => spotter.predict(one));
await session.release();
console.log(`[kws speed] one 1 s window on onnxruntime-node ${spotter.device}: ${modelMs.toFixed(2)} ms model only, ${endToEndMs.toFixed(2)} ms end to end (${(1000 / endToEndMs).toFixed(0)}× real time at one window per second)`);

// Streaming: 60 clips with 1 s of silence between, in 100 ms chunks, windows every 100 ms.
const picked = clips.filter((_, i) => i % 40 === 0).slice(0, 60);
const gap = new Float32Array(8000);
const parts = picked.flatMap((c) => [gap, c.audio]).concat([gap]);
const audio = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
parts.reduce((o, p) => (audio.set(p, o), o + p.length), 0);
async function* chunks() {
  for (let i = 0; i < audio.length; i += 800) yield audio.subarray(i, i + 800);
}
let events = 0;
const t0 = performance.now();
for await (const _ of spotter.detect(chunks(), { sampleRate: 8000 })) events++;
const streamSeconds = (performance.now() - t0) / 1000;
const rtf = streamSeconds / (audio.length / 8000);
console.log(`[kws speed] streaming detect over ${(audio.length / 8000).toFixed(0)} s of audio (${picked.length} words, 100 ms hop): ${streamSeconds.toFixed(2)} s compute, real-time factor ${rtf.toFixed(3)} (${(1 / rtf).toFixed(0)}× faster than real time), ${events} events`);
await spotter.release();

const results = {
  benchmark: 'keyword spotting speed',
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  frontEnd: { logMelRealTime: logMelX, windowInputsRealTime: inputsX, settings: frontEnd },
  latencyPerWindowMs: { modelOnly: modelMs, endToEnd: endToEndMs, device: spotter.device },
  streaming: { audioSeconds: audio.length / 8000, computeSeconds: streamSeconds, realTimeFactor: rtf, hopSeconds: 0.1, events },
  defaults: { frontEnd: defaultKeywordSpotterConfig.frontEnd },
};
const out = path.resolve(here, 'results', 'speed-speech.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`[kws speed] wrote ${out}`);
