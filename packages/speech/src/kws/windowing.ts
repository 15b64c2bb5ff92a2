import { InputError } from '@attune/core';
import { resample } from '../audio/resample.js';
import { frameCount, logMelSpectrogram } from '../frontend/clip.js';
import type { FrontEndConfig } from '../frontend/config.js';

/** A clip of audio as the user has it: mono samples in [-1, 1] at any sample rate. */
export interface AudioClip {
  audio: Float32Array;
  sampleRate: number;
}

/** How audio becomes one fixed-size window. */
export interface WindowSettings {
  /** Window length in seconds; shorter clips are zero-padded (centred), longer ones cropped. */
  windowSeconds: number;
  /** Clips shorter than this (seconds) are rejected: too little audio to hold a word. */
  minClipSeconds: number;
  /** Clips longer than this (seconds) are rejected: segment long recordings first. */
  maxClipSeconds: number;
}

/** Checks a clip and brings it to the front-end's sample rate. */
export function toFrontEndRate(clip: AudioClip, sampleRate: number, settings: WindowSettings, where = 'clip'): Float32Array {
  if (!clip || !(clip.audio instanceof Float32Array)) {
    throw new InputError(`${where}: expected { audio: Float32Array, sampleRate }; got audio of type ${Object.prototype.toString.call(clip?.audio)}.`);
  }
  if (!Number.isInteger(clip.sampleRate) || clip.sampleRate <= 0) {
    throw new InputError(`${where}: sampleRate must be a positive integer (Hz); got ${clip.sampleRate}.`);
  }
  checkFiniteSamples(clip.audio, where);
  const seconds = clip.audio.length / clip.sampleRate;
  if (seconds < settings.minClipSeconds) {
    throw new InputError(`${where} is ${(seconds * 1000).toFixed(0)} ms long; keyword spotting needs at least ${settings.minClipSeconds * 1000} ms of audio.`);
  }
  if (seconds > settings.maxClipSeconds) {
    throw new InputError(
      `${where} is ${seconds.toFixed(2)} s long; the keyword spotter accepts at most ${settings.maxClipSeconds} s (it looks at one ${settings.windowSeconds} s window). Cut long recordings into clips first.`,
    );
  }
  return clip.sampleRate === sampleRate ? clip.audio : resample(clip.audio, clip.sampleRate, sampleRate);
}

/**
 * Samples larger than this are refused. Audio is [-1, 1] (a float WAV may overshoot a little, and
 * unscaled 16-bit values reach 32,768 and still work, per-window normalisation rescales them); far
 * beyond that the front end's power spectrum overflows float32 and every clip scores the same.
 */
export const MAX_SAMPLE_MAGNITUDE = 1e6;

/** Refuses NaN, infinite and absurdly large samples: the front end would turn them into NaN or overflowed features. */
export function checkFiniteSamples(audio: Float32Array, where: string): void {
  for (let i = 0; i < audio.length; i++) {
    const v = audio[i]!;
    if (!Number.isFinite(v)) {
      throw new InputError(`${where}: sample ${i} is ${v}; audio must be finite numbers in [-1, 1] (is the file damaged, or a float WAV holding NaN?).`);
    }
    if (Math.abs(v) > MAX_SAMPLE_MAGNITUDE) {
      throw new InputError(`${where}: sample ${i} is ${v}; audio must be numbers in [-1, 1] (scale integer PCM by 1/32768), and at most ${MAX_SAMPLE_MAGNITUDE} in size.`);
    }
  }
}

/**
 * Pads (centred) or crops to exactly `windowSeconds`. A long clip keeps the window with the most
 * energy, so a word in the middle of a 2 s recording is not cut off by a fixed-offset crop.
 */
export function fitWindow(samples: Float32Array, length: number, shift = 0): Float32Array {
  const out = new Float32Array(length);
  if (samples.length <= length) {
    const start = Math.floor((length - samples.length) / 2) + shift;
    for (let i = 0; i < samples.length; i++) {
      const j = start + i;
      if (j >= 0 && j < length) out[j] = samples[i]!;
    }
    return out;
  }
  const start = Math.min(samples.length - length, Math.max(0, loudestStart(samples, length) - shift));
  out.set(samples.subarray(start, start + length));
  return out;
}

/** Start of the `length`-sample span with the greatest energy (a running sum, O(n)). */
function loudestStart(x: Float32Array, length: number): number {
  let energy = 0;
  for (let i = 0; i < length; i++) energy += x[i]! * x[i]!;
  let best = energy;
  let bestStart = 0;
  for (let s = 1; s + length <= x.length; s++) {
    energy += x[s + length - 1]! ** 2 - x[s - 1]! ** 2;
    if (energy > best) [best, bestStart] = [energy, s];
  }
  return bestStart;
}

/** Frames in one window. */
export function windowFrames(settings: WindowSettings, frontEnd: FrontEndConfig): number {
  return frameCount(Math.round(settings.windowSeconds * frontEnd.sampleRate), frontEnd);
}

/** Log-mel features of one fixed window: [frames, nMels] row-major. */
export function windowFeatures(window: Float32Array, frontEnd: FrontEndConfig): Float32Array {
  return logMelSpectrogram(window, frontEnd).data;
}

/** Per-band mean and standard deviation over every frame of every window (floored, so empty bands stay finite). */
export function bandStats(windows: Iterable<Float32Array>, numBands: number, minStd = 0.1): { mean: number[]; std: number[] } {
  const sum = new Float64Array(numBands);
  const sq = new Float64Array(numBands);
  let frames = 0;
  for (const w of windows) {
    for (let i = 0; i < w.length; i++) {
      const b = i % numBands;
      sum[b] = sum[b]! + w[i]!;
      sq[b] = sq[b]! + w[i]! * w[i]!;
    }
    frames += w.length / numBands;
  }
  const mean = Array.from(sum, (s) => s / frames);
  const std = Array.from(sq, (s, b) => Math.max(Math.sqrt(Math.max(s / frames - mean[b]! ** 2, 0)), minStd));
  return { mean, std };
}

/** (x − mean) / std per band, in place. */
export function normalizeBands(features: Float32Array, mean: readonly number[], std: readonly number[]): Float32Array {
  const n = mean.length;
  for (let i = 0; i < features.length; i++) features[i] = (features[i]! - mean[i % n]!) / std[i % n]!;
  return features;
}
