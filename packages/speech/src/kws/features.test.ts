// How one clip becomes the model's input: the level it is brought to first. Synthetic audio,
// so these run anywhere and pin the behaviour the FSDD measurements in the README rest on.
import { describe, expect, it } from 'vitest';
import { rms, scaleToLevel } from '../audio/level.js';
import { resolveFrontEndConfig } from '../frontend/config.js';
import { seededRandom, tone } from '../test-support/random.js';
import { clipInput, type FeatureSettings } from './features.js';

const frontEnd = resolveFrontEndConfig({ sampleRate: 8000, winLength: 200, hopLength: 160, nFft: 256, fMax: 3800 });
const settings: FeatureSettings = {
  frontEnd,
  windowSamples: 8000,
  normalization: 'utterance',
  featureMean: [],
  featureStd: [],
  patches: false,
  levelDb: -20,
};
/** A 0.4 s "word": two tones and a little noise. */
function word(gain: number): Float32Array {
  const random = seededRandom(3);
  const a = tone(300, 8000, 0.4, 0.3);
  const b = tone(1200, 8000, 0.4, 0.1);
  return a.map((v, i) => gain * (v + b[i]! + 0.01 * (random() - 0.5)));
}
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('clip level', () => {
  it('scales a clip to the RMS level asked for and leaves silence alone', () => {
    const x = word(0.05);
    expect(20 * Math.log10(rms(scaleToLevel(x, -20)))).toBeCloseTo(-20, 4);
    expect(20 * Math.log10(rms(scaleToLevel(x, -35)))).toBeCloseTo(-35, 4);
    const silence = new Float32Array(100);
    expect(scaleToLevel(silence, -20)).toBe(silence);
    expect(scaleToLevel(x, null)).toBe(x);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it('keeps every value finite for a clip of pure silence', () => {
    expect(clipInput(new Float32Array(4000), settings).every(Number.isFinite)).toBe(true);
  });

  it('makes the model input independent of the recording gain (20 dB apart), which it is not without', () => {
    const loud = clipInput(word(1), settings);
    const quiet = clipInput(word(0.1), settings);
    expect(maxDiff(loud, quiet)).toBeLessThan(1e-3);
    const asRecorded = { ...settings, levelDb: null };
    // Padding is digital silence at the absolute log floor: how far below the word it sits depends on the gain.
    expect(maxDiff(clipInput(word(1), asRecorded), clipInput(word(0.1), asRecorded))).toBeGreaterThan(0.1);
  });
});
