import { ConfigError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { tone } from '../test-support/random.js';
import { resample } from './resample.js';

/** RMS of the middle of a signal, away from the filter's start-up and tail. */
function middleRms(x: Float32Array): number {
  const from = Math.floor(x.length * 0.2);
  const to = Math.floor(x.length * 0.8);
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! ** 2;
  return Math.sqrt(sum / (to - from));
}

const sineRms = (amplitude: number) => amplitude / Math.SQRT2;
const dB = (ratio: number) => 20 * Math.log10(ratio);

describe('resample', () => {
  const conversions: [number, number, number, number][] = [
    // from, to, a tone kept (below both Nyquists), a tone above the new Nyquist
    [16000, 8000, 3000, 4500],
    [44100, 16000, 6000, 8800],
    [48000, 16000, 7000, 8300],
    [22050, 16000, 5000, 9500],
  ];
  for (const [from, to, below, above] of conversions) {
    it(`${from} → ${to} Hz keeps ${below} Hz within 1% and removes ${above} Hz by ≥ 40 dB`, () => {
      const kept = resample(tone(below, from, 0.5), from, to);
      expect(kept.length).toBe(Math.ceil((0.5 * from * to) / from));
      expect(Math.abs(middleRms(kept) / sineRms(0.5) - 1)).toBeLessThan(0.01);
      const removed = resample(tone(above, from, 0.5), from, to);
      const attenuation = dB(middleRms(removed) / sineRms(0.5));
      console.log(`${from} → ${to}: ${above} Hz attenuated by ${(-attenuation).toFixed(1)} dB`);
      expect(attenuation).toBeLessThan(-40);
    });
  }

  it('8000 → 16000 Hz keeps a 3 kHz tone and adds no image above 4 kHz', () => {
    const up = resample(tone(3000, 8000, 0.5), 8000, 16000);
    const reference = tone(3000, 16000, 0.5);
    let errorSquares = 0;
    for (let i = 2000; i < 6000; i++) errorSquares += (up[i]! - reference[i]!) ** 2;
    // the error is what an image at 5 kHz would leave: it must be far below the tone
    expect(dB(Math.sqrt(errorSquares / 4000) / sineRms(0.5))).toBeLessThan(-40);
  });

  it('keeps a constant exactly (unity gain at DC) away from the edges', () => {
    const out = resample(new Float32Array(4410).fill(0.25), 44100, 16000);
    expect(Math.max(...out.subarray(200, 1400).map((v) => Math.abs(v - 0.25)))).toBeLessThan(1e-6);
  });

  it('returns a copy at the same rate and rejects bad rates', () => {
    const x = Float32Array.from([1, 2, 3]);
    const same = resample(x, 16000, 16000);
    expect(same).toEqual(x);
    expect(same).not.toBe(x);
    expect(() => resample(x, 0, 16000)).toThrow(ConfigError);
    expect(() => resample(x, 8000, 16000.5)).toThrow(/resample.toRate: got 16000.5/);
  });
});
