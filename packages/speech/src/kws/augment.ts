import { Rng, deriveSeed } from '@attune/core';
import { resample } from '../audio/resample.js';

/**
 * Data augmentation for keyword spotting. Core's `train()` encodes every example once, before the
 * first epoch, so augmentation cannot vary per epoch; instead each augmented copy carries its own
 * seed (`augmentSeed`) and `encode` applies the same random changes every time it sees that copy.
 * `augmentExamples` makes those copies: more copies ≈ more epochs of fresh augmentation.
 */
export interface AugmentOptions {
  /** Augmented copies per example (the original is kept too). Default 2. */
  copies?: number;
  /** Seed of the copies' seeds. Default 0. */
  seed?: number;
}

export interface AugmentSettings {
  /** Largest time shift, in seconds, either way. Default 0.1. */
  maxShiftSeconds: number;
  /** Speed/pitch factor range (resampling), e.g. [0.9, 1.1]: a cheap stand-in for other voices. */
  speedRange: [number, number];
  /** Signal-to-noise ratio range of added white noise, in dB. */
  snrRangeDb: [number, number];
  /** SpecAugment: number of time masks and their largest width in frames. */
  timeMasks: number;
  maxTimeMaskFrames: number;
  /** SpecAugment: number of frequency masks and their largest width in mel bands. */
  freqMasks: number;
  maxFreqMaskBands: number;
}

export const defaultAugmentSettings: Readonly<AugmentSettings> = Object.freeze({
  maxShiftSeconds: 0.1,
  speedRange: [0.9, 1.1] as [number, number],
  snrRangeDb: [10, 40] as [number, number],
  timeMasks: 2,
  maxTimeMaskFrames: 10,
  freqMasks: 2,
  maxFreqMaskBands: 5,
});

/** Copies of `examples` with `augmentSeed` set (originals first, unchanged). */
export function augmentExamples<E extends object>(examples: readonly E[], options: AugmentOptions = {}): Array<E & { augmentSeed?: number }> {
  const copies = options.copies ?? 2;
  const seed = options.seed ?? 0;
  const out: Array<E & { augmentSeed?: number }> = [...examples];
  for (let k = 0; k < copies; k++) {
    examples.forEach((e, i) => out.push({ ...e, augmentSeed: deriveSeed(seed, k, i) }));
  }
  return out;
}

/** The random choices of one augmented copy, drawn once from its seed. */
export interface AudioAugmentation {
  shiftSamples: number;
  speed: number;
  snrDb: number;
  rng: Rng;
}

export function drawAugmentation(seed: number, sampleRate: number, s: AugmentSettings): AudioAugmentation {
  const rng = new Rng(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const maxShift = Math.round(s.maxShiftSeconds * sampleRate);
  return {
    shiftSamples: Math.round(uniform(-maxShift, maxShift)),
    speed: uniform(s.speedRange[0], s.speedRange[1]),
    snrDb: uniform(s.snrRangeDb[0], s.snrRangeDb[1]),
    rng,
  };
}

/**
 * Speed change by resampling: the clip is read as if recorded at `speed`·rate. The rate is rounded
 * to 400 Hz steps so the resampler's polyphase table stays small (at most 40 phases at 16 kHz).
 */
export function changeSpeed(samples: Float32Array, sampleRate: number, speed: number): Float32Array {
  const from = Math.max(400, Math.round((sampleRate * speed) / 400) * 400);
  return from === sampleRate ? samples : resample(samples, from, sampleRate);
}

/** Adds white noise at `snrDb` relative to the clip's own power (silent clips are left alone). */
export function addNoise(samples: Float32Array, snrDb: number, rng: Rng): Float32Array {
  let power = 0;
  for (const v of samples) power += v * v;
  power /= Math.max(samples.length, 1);
  if (power === 0) return samples;
  const sigma = Math.sqrt(power / 10 ** (snrDb / 10));
  return samples.map((v) => v + sigma * rng.normal());
}

/** SpecAugment masks on normalised features [frames, bands]: masked cells become 0 (the band mean). */
export function specAugment(features: Float32Array, numBands: number, s: AugmentSettings, rng: Rng): Float32Array {
  const frames = features.length / numBands;
  for (let m = 0; m < s.timeMasks; m++) {
    const width = rng.int(s.maxTimeMaskFrames + 1);
    const start = rng.int(Math.max(frames - width, 1));
    features.fill(0, start * numBands, Math.min(start + width, frames) * numBands);
  }
  for (let m = 0; m < s.freqMasks; m++) {
    const width = rng.int(s.maxFreqMaskBands + 1);
    const start = rng.int(Math.max(numBands - width, 1));
    for (let t = 0; t < frames; t++) features.fill(0, t * numBands + start, t * numBands + Math.min(start + width, numBands));
  }
  return features;
}
