// Silence is never a keyword: every way a prediction is made (loadPredictor, which `attune predict`
// and `attune serve` use, and KeywordSpotter.predict, which the web and library users call) labels a
// clip whose loudest 20 ms is under the silence gate null, and refuses samples that are not numbers.
// A real model on onnxruntime-node: two tones, so the top probability is always >= 0.5, the unknown
// threshold; without the gate every clip below would get a label.
import { exportArtifact, InputError, loadPredictor, train, type Artifact } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, tone } from '../test-support/random.js';
import { readWav } from '../wav/read-wav.js';
import { writeWav } from '../wav/write-wav.js';
import { keywordSpotterPlugin as kws } from './plugin.js';
import { KeywordSpotter } from './spotter.js';
import type { AudioClip } from './windowing.js';

const RATE = 8000;
const runtime = createNodeRuntime({ devices: ['cpu'] });
const tiny = { dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 32, convChannels: 0, windowSeconds: 0.5, augment: false as const };
const clip = (audio: Float32Array, sampleRate = RATE): AudioClip => ({ audio, sampleRate });
const noise = (db: number, n: number, seed: number) => {
  const r = seededRandom(seed);
  const a = 10 ** (db / 20) * Math.sqrt(3); // uniform in [-a, a] has RMS a/√3
  return Float32Array.from({ length: n }, () => (2 * r() - 1) * a);
};

let artifact: Artifact;
let spotter: KeywordSpotter;
beforeAll(async () => {
  const examples = Array.from({ length: 16 }, (_, i) => ({ ...clip(tone(i % 2 ? 1500 : 300, RATE, 0.4)), label: i % 2 ? 'high' : 'low' }));
  const trained = await train(kws, runtime, examples, { config: tiny, epochs: 2, batchSize: 8, seed: 1 });
  artifact = await exportArtifact(trained);
  spotter = await KeywordSpotter.load(artifact, runtime);
}, 240_000);
afterAll(() => spotter?.release());

/** Silent clips of every kind: digital zero, stereo that cancels, a constant offset, a noise floor. */
function silentClips(): Record<string, AudioClip> {
  const n = RATE; // 1 s
  const side = noise(-20, n, 3);
  const stereo = readWav(writeWav([side, side.map((v) => -v)], RATE, 16)); // L = -R: downmixes to zero
  return {
    zeros: clip(new Float32Array(n)),
    'stereo L = -R': clip(stereo.samples, stereo.sampleRate),
    'tiny DC': clip(new Float32Array(n).fill(1e-4)),
    'large DC': clip(new Float32Array(n).fill(0.3)),
    'DC plus -100 dB noise': clip(noise(-100, n, 4).map((v) => v + 0.05)),
    '-100 dB noise': clip(noise(-100, n, 5)),
    '-70 dB noise at 44.1 kHz': clip(noise(-70, 44_100, 6), 44_100),
    'shortest clip, zeros': clip(new Float32Array(RATE * 0.05)),
  };
}

describe('the silence gate', () => {
  it('labels silent clips null through loadPredictor (attune predict and serve) and KeywordSpotter.predict', async () => {
    const cases = silentClips();
    const predictor = await loadPredictor(kws, artifact, runtime);
    try {
      const served = await predictor.predict(Object.values(cases));
      const direct = await spotter.predict(Object.values(cases));
      Object.keys(cases).forEach((name, i) => {
        expect(served[i]!.label, `${name} (loadPredictor)`).toBeNull();
        expect(direct[i]!.label, `${name} (KeywordSpotter)`).toBeNull();
        // the documented outcome: best, score and every probability are still there
        expect(Object.keys(served[i]!.scores).sort()).toEqual(['high', 'low']);
        expect(served[i]!.score).toBe(served[i]!.scores[served[i]!.best]);
      });
    } finally {
      await predictor.release();
    }
  });

  it('keeps a word: a loud tone, a tone with a DC offset, and a short soft tone in a long silent clip are labelled', async () => {
    const soft = new Float32Array(RATE * 3);
    soft.set(tone(1500, RATE, 0.1, 10 ** (-45 / 20) * Math.SQRT2), RATE); // -45 dB for 0.1 s: -60 dB over the whole 3 s clip
    const offset = tone(300, RATE, 0.4).map((v) => v + 0.2);
    const predictor = await loadPredictor(kws, artifact, runtime);
    try {
      for (const p of await predictor.predict([clip(tone(300, RATE, 0.4)), clip(offset), clip(soft)])) expect(p.label).not.toBeNull();
    } finally {
      await predictor.release();
    }
    expect((await spotter.predict(clip(soft))).label).not.toBeNull();
    // the threshold is the caller's: -Infinity turns the gate off, a bad value is refused
    expect((await spotter.predict(clip(new Float32Array(RATE)), { silenceDb: -Infinity })).label).not.toBeNull();
    await expect(spotter.predict(clip(soft), { silenceDb: Number.NaN })).rejects.toThrow(/Invalid predict\.silenceDb: got NaN/);
  });

  it('refuses NaN and infinite samples and empty clips with a clear error, on every path', async () => {
    const predictor = await loadPredictor(kws, artifact, runtime);
    try {
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        const audio = tone(300, RATE, 0.4);
        audio[3] = bad;
        const message = new RegExp(`sample 3 is ${String(bad).replace('-', '\\-')}; audio must be finite numbers`);
        await expect(predictor.predict([clip(audio)])).rejects.toThrow(message);
        await expect(spotter.predict(clip(audio))).rejects.toThrow(message);
        const events = spotter.detect([audio], { sampleRate: RATE });
        await expect(events.next()).rejects.toThrow(message);
      }
      // ±3e38 overflows the power spectrum: every such clip used to get the same confident label
      const huge = tone(300, RATE, 0.4).map((_, i) => (i % 2 ? 3e38 : -3e38));
      await expect(predictor.predict([clip(huge)])).rejects.toThrow(/sample 0 is -3\.0000000054977558e\+38; audio must be numbers in \[-1, 1\]/);
      await expect(spotter.predict(clip(huge))).rejects.toBeInstanceOf(InputError);
      await expect(spotter.detect([huge], { sampleRate: RATE }).next()).rejects.toBeInstanceOf(InputError);
      await expect(predictor.predict([clip(tone(300, RATE, 0.4).map((v) => v * 32768))])).resolves.toHaveLength(1); // unscaled 16-bit still works
      await expect(predictor.predict([clip(new Float32Array(0))])).rejects.toThrow(/is 0 ms long; keyword spotting needs at least 50 ms/);
      await expect(spotter.predict(clip(new Float32Array(0)))).rejects.toThrow(/is 0 ms long/);
      await expect(spotter.predict(clip(Float32Array.of(Number.NaN)))).rejects.toBeInstanceOf(InputError);
    } finally {
      await predictor.release();
    }
  });
});
