import { ConfigError, InputError } from '@attune/core';
import { blockMeanSquares } from './level.js';

export interface TrimOptions {
  /** Frames quieter than the loudest frame by more than this (dB) count as silence. Default 40. */
  rangeDb?: number;
  /** Audio kept either side of the first and last loud frame (ms). Default 30. */
  marginMs?: number;
}

/**
 * The clip cut to the span of 10 ms frames within `rangeDb` of its loudest, plus `marginMs` either
 * side (a new array). Recordings for keyword training are best trimmed like this, as FSDD's are:
 * the spotter places each clip at a random offset in its window, and long silences around a word
 * would shrink the range of offsets it learns from. Silence (and a clip shorter than one frame)
 * is returned whole.
 */
export function trimSilence(samples: Float32Array, sampleRate: number, options: TrimOptions = {}): Float32Array {
  if (!(samples instanceof Float32Array)) throw new InputError(`trimSilence expects a Float32Array; got ${Object.prototype.toString.call(samples)}`);
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new ConfigError('trimSilence.sampleRate', sampleRate, 'a positive integer (Hz)');
  const { rangeDb = 40, marginMs = 30 } = options;
  if (!(rangeDb > 0 && Number.isFinite(rangeDb))) throw new ConfigError('trimSilence.rangeDb', rangeDb, 'a positive number of dB');
  if (!(marginMs >= 0 && Number.isFinite(marginMs))) throw new ConfigError('trimSilence.marginMs', marginMs, 'a number of milliseconds ≥ 0');
  const frame = Math.max(1, Math.round(sampleRate / 100));
  // whole frames only: a short tail frame is not a frame of the word
  const energies = blockMeanSquares(samples, frame).subarray(0, Math.floor(samples.length / frame));
  let loudest = 0;
  for (const e of energies) loudest = Math.max(loudest, e);
  if (loudest === 0) return samples.slice();
  const floor = loudest * 10 ** (-rangeDb / 10);
  const first = energies.findIndex((e) => e >= floor);
  let last = energies.length - 1;
  while (energies[last]! < floor) last--;
  const margin = Math.round((marginMs / 1000) * sampleRate);
  return samples.slice(Math.max(0, first * frame - margin), Math.min(samples.length, (last + 1) * frame + margin));
}
