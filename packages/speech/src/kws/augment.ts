import { AttuneError, ConfigError, Rng } from '@attune/core';

/**
 * Data augmentation for keyword spotting, drawn afresh for every training step: the plugin's
 * `collate` gets a per-step seed from core (`context.seed`), so each epoch sees new random changes
 * and a run replays exactly from its seed. Unseen speakers are the hard case, so most of these
 * imitate other voices: speed (tempo and pitch together) and a warp of the mel axis (vocal-tract
 * length), plus time shift, background noise and SpecAugment masks against over-fitting.
 */
export interface AugmentSettings {
  /** Largest time shift, in seconds, either way. */
  maxShiftSeconds: number;
  /** Speed/pitch factor range (resampling), e.g. [0.85, 1.15]. */
  speedRange: [number, number];
  /** Mel-axis warp factor range (vocal-tract-length perturbation), e.g. [0.9, 1.1]; [1, 1] turns it off. */
  warpRange: [number, number];
  /** Signal-to-noise ratio range of added noise, in dB. */
  snrRangeDb: [number, number];
  /** Probability that a clip gets noise at all. */
  noiseProbability: number;
  /** SpecAugment: number of time masks and their largest width in frames. */
  timeMasks: number;
  maxTimeMaskFrames: number;
  /** SpecAugment: number of frequency masks and their largest width in mel bands. */
  freqMasks: number;
  maxFreqMaskBands: number;
}

export const defaultAugmentSettings: Readonly<AugmentSettings> = Object.freeze({
  maxShiftSeconds: 0.1,
  speedRange: [0.85, 1.15] as [number, number],
  warpRange: [0.9, 1.1] as [number, number],
  snrRangeDb: [5, 30] as [number, number],
  noiseProbability: 0.5,
  timeMasks: 2,
  maxTimeMaskFrames: 5,
  freqMasks: 2,
  maxFreqMaskBands: 5,
});

/** The random choices for one clip in one step. */
export interface AudioAugmentation {
  shiftSamples: number;
  speed: number;
  warp: number;
  /** null: no noise for this clip. */
  snrDb: number | null;
  rng: Rng;
}

export function drawAugmentation(seed: number, sampleRate: number, s: AugmentSettings): AudioAugmentation {
  const rng = new Rng(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const maxShift = Math.round(s.maxShiftSeconds * sampleRate);
  return {
    shiftSamples: Math.round(uniform(-maxShift, maxShift)),
    speed: uniform(s.speedRange[0], s.speedRange[1]),
    warp: uniform(s.warpRange[0], s.warpRange[1]),
    snrDb: rng.next() < s.noiseProbability ? uniform(s.snrRangeDb[0], s.snrRangeDb[1]) : null,
    rng,
  };
}

/**
 * Speed change (tempo and pitch together) by linear interpolation: `speed` 1.1 plays 10% faster.
 * Linear rather than the Kaiser-sinc resampler: it runs on every clip of every step, and the small
 * aliasing it adds is just more augmentation.
 */
export function changeSpeed(samples: Float32Array, speed: number): Float32Array {
  if (speed === 1) return samples;
  const n = Math.max(1, Math.floor((samples.length - 1) / speed) + 1);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const x = j * speed;
    const i = Math.floor(x);
    const f = x - i;
    out[j] = i + 1 < samples.length ? samples[i]! * (1 - f) + samples[i + 1]! * f : samples[samples.length - 1]!;
  }
  return out;
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

/**
 * Vocal-tract-length perturbation on the mel axis: band b of the output reads band b·warp of the
 * input (linear interpolation, edge bands held). A longer vocal tract moves formants down, which is
 * (nearly) a shift on the mel scale; this imitates it without recomputing the spectrum.
 */
export function warpBands(features: Float32Array, numBands: number, warp: number): Float32Array {
  if (warp === 1) return features;
  const frames = features.length / numBands;
  const out = new Float32Array(features.length);
  for (let b = 0; b < numBands; b++) {
    const x = Math.min(b * warp, numBands - 1);
    const i = Math.floor(x);
    const f = x - i;
    const j = Math.min(i + 1, numBands - 1);
    for (let t = 0; t < frames; t++) {
      const row = t * numBands;
      out[row + b] = features[row + i]! * (1 - f) + features[row + j]! * f;
    }
  }
  return out;
}

/** SpecAugment masks on normalised features [frames, bands], in place: masked cells become 0 (the mean). */
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

/**
 * Checks user augmentation settings (from `--set augment={...}`): known keys only, counts and widths
 * bounded (a count of 1e9 would loop per clip for ever), ranges ordered and finite.
 */
export function checkAugmentSettings(value: unknown): void {
  if (value === false || value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('augment', value, 'false or an object of augmentation settings');
  const known = Object.keys(defaultAugmentSettings);
  for (const [key, v] of Object.entries(value)) {
    if (!known.includes(key)) throw new AttuneError('INVALID_CONFIG', `Unknown setting "augment.${key}". Known augmentation settings: ${known.join(', ')}.`);
    const field = `augment.${key}`;
    const number = (x: unknown, min: number, max: number) => typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
    if (key === 'speedRange' || key === 'warpRange' || key === 'snrRangeDb') {
      const [lo, hi] = key === 'snrRangeDb' ? [-60, 120] : [0.25, 4];
      const ok = Array.isArray(v) && v.length === 2 && number(v[0], lo, hi) && number(v[1], lo, hi) && v[0] <= v[1];
      if (!ok) throw new ConfigError(field, v, `[low, high] with ${lo} <= low <= high <= ${hi}`);
    } else if (key === 'maxShiftSeconds') {
      if (!number(v, 0, 10)) throw new ConfigError(field, v, 'a number of seconds in [0, 10]');
    } else if (key === 'noiseProbability') {
      if (!number(v, 0, 1)) throw new ConfigError(field, v, 'a probability in [0, 1]');
    } else if (!(number(v, 0, 1000) && Number.isInteger(v))) {
      throw new ConfigError(field, v, 'an integer in [0, 1000]');
    }
  }
}
