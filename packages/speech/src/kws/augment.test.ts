import { describe, expect, it } from 'vitest';
import { Rng } from '@attune/core';
import { tone } from '../test-support/random.js';
import { resolveFrontEndConfig } from '../frontend/config.js';
import { addNoise, changeSpeed, checkAugmentSettings, defaultAugmentSettings, drawAugmentation, specAugment, warpBands } from './augment.js';

describe('augmentation', () => {
  it('draws shifts, speeds, warps and SNRs inside their ranges, the same for the same seed', () => {
    let noisy = 0;
    for (let seed = 0; seed < 200; seed++) {
      const a = drawAugmentation(seed, 8000, defaultAugmentSettings);
      expect(Math.abs(a.shiftSamples)).toBeLessThanOrEqual(800);
      expect(a.speed).toBeGreaterThanOrEqual(0.85);
      expect(a.speed).toBeLessThanOrEqual(1.15);
      expect(a.warp).toBeGreaterThanOrEqual(0.9);
      expect(a.warp).toBeLessThanOrEqual(1.1);
      if (a.snrDb !== null) {
        noisy += 1;
        expect(a.snrDb).toBeGreaterThanOrEqual(5);
        expect(a.snrDb).toBeLessThanOrEqual(30);
      }
      const { rng: _r, ...again } = drawAugmentation(seed, 8000, defaultAugmentSettings);
      const { rng: _s, ...first } = a;
      expect(again).toEqual(first);
    }
    expect(noisy).toBeGreaterThan(60); // noiseProbability 0.5
    expect(noisy).toBeLessThan(140);
  });

  it('changes speed (and pitch) by interpolation: a faster clip is shorter and higher', () => {
    const x = tone(400, 8000, 0.5);
    const fast = changeSpeed(x, 1.25);
    expect(fast.length).toBe(Math.floor((x.length - 1) / 1.25) + 1);
    const crossings = (v: Float32Array) => v.reduce((n, s, i) => n + (i > 0 && Math.sign(s) !== Math.sign(v[i - 1]!) ? 1 : 0), 0);
    // 400 Hz → 500 Hz: the same number of zero crossings in a 1.25× shorter clip
    expect(crossings(fast) / (fast.length / 8000)).toBeCloseTo((crossings(x) / (x.length / 8000)) * 1.25, -1);
    expect(changeSpeed(x, 1)).toBe(x);
  });

  it('adds noise at the asked SNR, warps the mel axis, masks features with zeros', () => {
    const x = tone(440, 16000, 0.5);
    const noisy = addNoise(x, 20, new Rng(1));
    const power = (v: Float32Array) => v.reduce((s, a) => s + a * a, 0) / v.length;
    const noise = noisy.map((v, i) => v - x[i]!);
    expect(10 * Math.log10(power(x) / power(noise))).toBeCloseTo(20, 0);

    // one frame with energy in band 10 only: a warp of 1.25 reads band b·1.25, so band 8 now holds it
    const frame = new Float32Array(40);
    frame[10] = 1;
    const warped = warpBands(frame, 40, 1.25);
    expect(warped[8]).toBeCloseTo(1);
    expect(warped[10]).toBeCloseTo(0);
    expect(warpBands(frame, 40, 1)).toBe(frame);

    const features = specAugment(new Float32Array(98 * 40).fill(1), 40, { ...defaultAugmentSettings, maxTimeMaskFrames: 10 }, new Rng(3));
    const zeros = features.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(features.length / 2);
  });
});

describe('augmentation and front-end settings from the user are bounded', () => {
  it('refuses unknown keys, counts that would loop for ever and disordered ranges', () => {
    expect(() => checkAugmentSettings({ timeMasks: 1e9 })).toThrow('Invalid augment.timeMasks: got 1000000000; expected an integer in [0, 1000].');
    expect(() => checkAugmentSettings({ timeMask: 2 })).toThrow('Unknown setting "augment.timeMask". Known augmentation settings: maxShiftSeconds,');
    expect(() => checkAugmentSettings({ speedRange: [1.2, 0.8] })).toThrow('Invalid augment.speedRange');
    expect(() => checkAugmentSettings('on')).toThrow('Invalid augment: got "on"');
    expect(() => checkAugmentSettings({ ...defaultAugmentSettings })).not.toThrow();
    expect(() => checkAugmentSettings(false)).not.toThrow();
  });
  it('refuses front-end sizes that would allocate without bound', () => {
    expect(() => resolveFrontEndConfig({ sampleRate: 1e9 })).toThrow(/sampleRate/);
    expect(() => resolveFrontEndConfig({ nMels: 1e6 })).toThrow(/nMels/);
    expect(() => resolveFrontEndConfig({ winLength: 1e7, nFft: 2 ** 24 })).toThrow(/winLength/);
  });
});

