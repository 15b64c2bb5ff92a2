// Front-end throughput on the Free Spoken Digit Dataset: seconds of audio processed per second of
// compute (higher is better; 1 is real time), for each stage a keyword spotter runs on a clip.
// Imports the built package (run `npx turbo run build --filter=@attune/speech` first) and writes
// bench/results/speech-frontend.json at the repository root.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamingFrontEnd, logMelSpectrogram, mfcc, readWav, resample, withDeltas, normalizeUtterance } from '@attune/speech';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const dir = path.join(datasets, 'fsdd', 'recordings');
const files = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort();
const bytes = files.map((f) => readFileSync(path.join(dir, f)));
console.log(`[speech bench] ${files.length} FSDD clips from ${dir}`);

const clips8k = bytes.map((b) => readWav(b).samples);
const clips16k = clips8k.map((x) => resample(x, 8000, 16000));
const audioSeconds = clips8k.reduce((s, x) => s + x.length, 0) / 8000;

/** Runs `fn` over every clip (at least twice, at least 2 s in all) and returns audio s per compute s. */
function throughput(name, fn) {
  fn(); // warm-up: JIT and table building out of the measurement
  let passes = 0;
  const started = performance.now();
  do {
    fn();
    passes++;
  } while (passes < 2 || performance.now() - started < 2000);
  const computeSeconds = (performance.now() - started) / 1000 / passes;
  const row = { stage: name, audioSecondsPerSecond: Math.round(audioSeconds / computeSeconds), msPerAudioSecond: +((computeSeconds / audioSeconds) * 1000).toFixed(3) };
  console.log(`${name.padEnd(44)} ${String(row.audioSecondsPerSecond).padStart(7)}× real time  (${row.msPerAudioSecond} ms per audio second)`);
  return row;
}

const streamed = (x) => {
  const front = new StreamingFrontEnd('mfcc');
  for (let p = 0; p < x.length; p += 160) front.push(x.subarray(p, p + 160));
};
const rows = [
  throughput('readWav (8 kHz 16-bit)', () => bytes.forEach((b) => readWav(b))),
  throughput('resample 8 -> 16 kHz', () => clips8k.forEach((x) => resample(x, 8000, 16000))),
  throughput('log-mel (40 bands, 16 kHz)', () => clips16k.forEach((x) => logMelSpectrogram(x))),
  throughput('MFCC (13, 16 kHz)', () => clips16k.forEach((x) => mfcc(x))),
  throughput('MFCC streamed in 10 ms chunks', () => clips16k.forEach(streamed)),
  throughput('MFCC + deltas + normalisation', () => clips16k.forEach((x) => normalizeUtterance(withDeltas(mfcc(x))))),
  throughput('whole pipeline: WAV bytes -> normalised MFCC+Δ+ΔΔ', () =>
    bytes.forEach((b) => normalizeUtterance(withDeltas(mfcc(resample(readWav(b).samples, 8000, 16000)))))),
];

const out = path.resolve(here, '../../../bench/results/speech-frontend.json');
mkdirSync(path.dirname(out), { recursive: true });
const result = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, clips: files.length, audioSeconds: +audioSeconds.toFixed(1), rows };
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`[speech bench] wrote ${out}`);
