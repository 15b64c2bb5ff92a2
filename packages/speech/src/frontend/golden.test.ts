import { describe, expect, it } from 'vitest';
import golden from '../__fixtures__/audio_frontend.json';
import { logMelSpectrogram, mfcc } from './clip.js';
import { defaultFrontEndConfig, resolveFrontEndConfig } from './config.js';
import { FrameProcessor } from './frame-processor.js';
import { melFilterbank } from './mel.js';

// Reference values from numpy (float64); our pipeline runs in float64 and stores float32.
const signal = Float32Array.from(golden.signal);

function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

describe('front-end against the golden vectors', () => {
  it('uses the golden conventions as defaults', () => {
    const c = golden.conventions;
    expect(defaultFrontEndConfig).toMatchObject({
      sampleRate: c.sample_rate,
      nFft: c.n_fft,
      winLength: c.win_length,
      hopLength: c.hop_length,
      nMels: c.n_mels,
      fMin: c.fmin,
      fMax: c.fmax,
      nMfcc: c.n_mfcc,
    });
  });

  it('builds the same HTK mel filterbank', () => {
    const bank = melFilterbank(16000, 512, 40, 20, 7600);
    expect(bank.length).toBe(golden.mel_filterbank.length);
    const worst = Math.max(...bank.map((row, m) => maxAbsDiff(row, golden.mel_filterbank[m]!)));
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives the same power spectrum for frame 0 (relative to its peak)', () => {
    const power = new FrameProcessor(resolveFrontEndConfig(), 'log-mel').powerSpectrum(signal, 0);
    const peak = Math.max(...golden.power_spectrum_frame0);
    // the input signal is float32, so the spectrum agrees to float32 precision of the peak
    expect(maxAbsDiff(power, golden.power_spectrum_frame0) / peak).toBeLessThan(1e-6);
  });

  it(`matches log-mel within atol ${golden.atol_log_mel}`, () => {
    const out = logMelSpectrogram(signal);
    expect([out.numFrames, out.numFeatures]).toEqual([golden.log_mel.length, 40]);
    expect(maxAbsDiff(out.data, golden.log_mel.flat())).toBeLessThan(golden.atol_log_mel);
  });

  it(`matches MFCC within atol ${golden.atol_mfcc}`, () => {
    const out = mfcc(signal);
    expect([out.numFrames, out.numFeatures]).toEqual([golden.mfcc.length, 13]);
    expect(maxAbsDiff(out.data, golden.mfcc.flat())).toBeLessThan(golden.atol_mfcc);
  });
});
