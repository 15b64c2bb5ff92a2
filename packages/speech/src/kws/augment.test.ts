import { describe, expect, it } from 'vitest';
import { tone } from '../test-support/random.js';
import { augmentExamples, addNoise, changeSpeed, defaultAugmentSettings, drawAugmentation, specAugment } from './augment.js';
import { Rng } from '@attune/core';

describe('augmentation', () => {
  it('adds seeded copies after the originals, the same seeds on every call', () => {
    const examples = [{ id: 'a' }, { id: 'b' }];
    const once = augmentExamples(examples, { copies: 2, seed: 5 });
    expect(once.map((e) => e.id)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(once.slice(0, 2).every((e) => e.augmentSeed === undefined)).toBe(true);
    expect(new Set(once.slice(2).map((e) => e.augmentSeed)).size).toBe(4);
    expect(augmentExamples(examples, { copies: 2, seed: 5 })).toEqual(once);
    expect(augmentExamples(examples, { copies: 0 })).toEqual(examples);
  });

  it('draws shifts, speeds and SNRs inside their ranges', () => {
    for (let seed = 0; seed < 50; seed++) {
      const a = drawAugmentation(seed, 16000, defaultAugmentSettings);
      expect(Math.abs(a.shiftSamples)).toBeLessThanOrEqual(1600);
      expect(a.speed).toBeGreaterThanOrEqual(0.9);
      expect(a.speed).toBeLessThanOrEqual(1.1);
      expect(a.snrDb).toBeGreaterThanOrEqual(10);
      expect(a.snrDb).toBeLessThanOrEqual(40);
    }
  });

  it('changes speed by resampling, adds noise at the asked SNR, masks features with zeros', () => {
    const x = tone(440, 16000, 0.5);
    expect(changeSpeed(x, 16000, 1.1).length).toBeCloseTo(x.length / 1.1, -1);
    const noisy = addNoise(x, 20, new Rng(1));
    const power = (v: Float32Array) => v.reduce((s, a) => s + a * a, 0) / v.length;
    const noise = noisy.map((v, i) => v - x[i]!);
    expect(10 * Math.log10(power(x) / power(noise))).toBeCloseTo(20, 0);
    const features = specAugment(new Float32Array(98 * 40).fill(1), 40, { ...defaultAugmentSettings, maxTimeMaskFrames: 10 }, new Rng(3));
    const zeros = features.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(0);
    expect(zeros).toBeLessThan(features.length / 2);
  });
});
