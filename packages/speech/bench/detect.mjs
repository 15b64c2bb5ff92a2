// Streaming detection on FSDD: how many spoken keywords `detect()` finds in a continuous stream,
// with which options. A spotter is trained on digits 1, 4 and 7 (every speaker's takes 0-39, as the
// microphone test in @attune/web does), then 30 streams are made of 6 held-out takes (40-47) each,
// with 1.2 s of silence around every word, resampled to 16 kHz and fed in 100 ms chunks. A word is
// found when an event of its label lies within 0.5 s of its centre; `wrong` is an event of another
// label there; `extra` are events near no word. Imports the built packages (build first); writes
// bench/results/detect-speech.json.
//   npm run bench:detect -w @attune/speech
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeRuntime } from '@attune/node';
import { KeywordSpotter, readWav, resample } from '@attune/speech';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasets = process.env.ATTUNE_DATASETS ?? path.resolve(here, '../../../../shared/datasets');
const recordings = path.join(datasets, 'fsdd', 'recordings');
const DIGITS = ['1', '4', '7'];
const RATE = 16000;
const STREAMS = 30;
const WORDS = 6;

const clips = readdirSync(recordings)
  .map((f) => f.replace(/\.wav$/, '').split('_'))
  .filter(([d, , n]) => DIGITS.includes(d) && Number(n) < 48)
  .map(([d, s, n]) => {
    const wav = readWav(readFileSync(path.join(recordings, `${d}_${s}_${n}.wav`)));
    return { audio: wav.samples, sampleRate: wav.sampleRate, label: d, speaker: s, take: Number(n) };
  });
const t0 = performance.now();
const spotter = await KeywordSpotter.train(createNodeRuntime({ devices: ['cpu'] }), clips.filter((c) => c.take < 40), { epochs: 12, learningRate: 3e-3, seed: 1 });
console.log(`trained on ${clips.filter((c) => c.take < 40).length} clips (digits ${DIGITS.join(' ')}) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const heldOut = clips.filter((c) => c.take >= 40);

// Seeded stream composition, so every option set hears the same audio.
let state = 1;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
const streams = Array.from({ length: STREAMS }, () => {
  const picks = Array.from({ length: WORDS }, () => {
    const label = DIGITS[Math.floor(random() * DIGITS.length)];
    const candidates = heldOut.filter((c) => c.label === label);
    return candidates[Math.floor(random() * candidates.length)];
  });
  const gap = new Float32Array(Math.round(1.2 * RATE));
  const parts = [gap];
  const words = [];
  let at = gap.length;
  for (const clip of picks) {
    const audio = resample(clip.audio, clip.sampleRate, RATE);
    words.push({ label: clip.label, speaker: clip.speaker, centre: (at + audio.length / 2) / RATE });
    parts.push(audio, gap);
    at += audio.length + gap.length;
  }
  const audio = new Float32Array(at);
  parts.reduce((offset, p) => (audio.set(p, offset), offset + p.length), 0);
  return { audio, words };
});

function* chunks(audio) {
  for (let i = 0; i < audio.length; i += RATE / 10) yield audio.slice(i, i + RATE / 10);
}

const variants = {
  defaults: {},
  'smoothWindows 3': { smoothWindows: 3 },
  'threshold 0.6': { threshold: 0.6 },
};
const results = {};
for (const [name, options] of Object.entries(variants)) {
  const r = { words: 0, found: 0, wrong: 0, extra: 0, missedBySpeaker: {} };
  for (const { audio, words } of streams) {
    const events = [];
    for await (const e of spotter.detect(chunks(audio), { sampleRate: RATE, ...options })) events.push(e);
    const used = new Set();
    for (const w of words) {
      r.words += 1;
      const i = events.findIndex((e, k) => !used.has(k) && Math.abs(e.time - w.centre) < 0.5);
      if (i < 0) {
        r.missedBySpeaker[w.speaker] = (r.missedBySpeaker[w.speaker] ?? 0) + 1;
        continue;
      }
      used.add(i);
      if (events[i].label === w.label) r.found += 1;
      else r.wrong += 1;
    }
    r.extra += events.length - used.size;
  }
  results[name] = r;
  console.log(`${name.padEnd(16)} found ${r.found}/${r.words}, wrong ${r.wrong}, extra ${r.extra}; missed by speaker ${JSON.stringify(r.missedBySpeaker)}`);
}
await spotter.release();
mkdirSync(path.join(here, 'results'), { recursive: true });
const out = path.join(here, 'results', 'detect-speech.json');
writeFileSync(out, `${JSON.stringify({ benchmark: 'detect', date: new Date().toISOString(), digits: DIGITS, streams: STREAMS, wordsPerStream: WORDS, results }, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
