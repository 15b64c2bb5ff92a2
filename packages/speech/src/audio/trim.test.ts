import { describe, expect, it } from 'vitest';
import { trimSilence } from './trim.js';

/** 1 s of silence, a 0.2 s tone from 0.4 s, then silence; quiet hiss everywhere when `hiss` is set. */
function wordInSilence(rate: number, hiss = 0): Float32Array {
  return Float32Array.from({ length: rate }, (_, i) => {
    const t = i / rate;
    const tone = t >= 0.4 && t < 0.6 ? 0.5 * Math.sin(2 * Math.PI * 440 * t) : 0;
    return tone + hiss * Math.sin(i * 12.9898) * Math.sin(i * 78.233);
  });
}

describe('trimSilence', () => {
  it('keeps the loud span and 30 ms either side', () => {
    const trimmed = trimSilence(wordInSilence(8000), 8000);
    expect(trimmed.length).toBe(0.26 * 8000);
    expect(Math.abs(trimmed[0]!)).toBe(0);
    expect(Math.max(...trimmed.map(Math.abs))).toBeCloseTo(0.5, 2);
  });

  it('treats hiss 46 dB under the word as silence, and keeps it with a wider range', () => {
    const noisy = wordInSilence(16000, 0.005);
    expect(trimSilence(noisy, 16000).length).toBe(0.26 * 16000);
    expect(trimSilence(noisy, 16000, { rangeDb: 60 }).length).toBe(16000);
    expect(trimSilence(noisy, 16000, { marginMs: 0 }).length).toBe(0.2 * 16000);
  });

  it('returns silence and clips shorter than a frame whole', () => {
    expect(trimSilence(new Float32Array(800), 8000).length).toBe(800);
    expect(trimSilence(new Float32Array([0.1, -0.2]), 8000).length).toBe(2);
  });

  it('refuses bad arguments with what was expected', () => {
    expect(() => trimSilence([0.1] as unknown as Float32Array, 8000)).toThrow('trimSilence expects a Float32Array; got [object Array]');
    expect(() => trimSilence(new Float32Array(8), 0)).toThrow('trimSilence.sampleRate');
    expect(() => trimSilence(new Float32Array(8), 8000, { rangeDb: -3 })).toThrow('a positive number of dB');
    expect(() => trimSilence(new Float32Array(8), 8000, { marginMs: Number.NaN })).toThrow('a number of milliseconds ≥ 0');
  });
});
