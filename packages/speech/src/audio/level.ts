import { ConfigError } from '@attune/core';

/** Root mean square of a signal (0 for an empty one). */
export function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / Math.max(1, x.length));
}

/** Mean square of each consecutive `block`-sample stretch of `x` (the last one may be shorter). */
export function blockMeanSquares(x: Float32Array, block: number): Float64Array {
  const out = new Float64Array(Math.ceil(x.length / block));
  for (let b = 0; b < out.length; b++) {
    const start = b * block;
    const end = Math.min(x.length, start + block);
    let s = 0;
    for (let i = start; i < end; i++) s += x[i]! * x[i]!;
    out[b] = s / (end - start);
  }
  return out;
}

/** Length of the stretches the silence gate measures (seconds): a short word's loudest part fills one. */
export const GATE_BLOCK_SECONDS = 0.02;

/**
 * RMS of the loudest 20 ms of `x` (full scale 1), measured after removing the signal's mean: a
 * constant offset (a microphone's DC bias, a stuck converter) carries no sound. 0 for an empty or
 * constant signal. The loudest stretch rather than the whole: a softly spoken short word in a long
 * clip of silence averages far below the level of the word.
 */
export function loudestBlockRms(x: Float32Array, sampleRate: number): number {
  if (x.length === 0) return 0;
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / x.length;
  const centred = mean === 0 ? x : x.map((v) => v - mean);
  let loudest = 0;
  for (const m of blockMeanSquares(centred, Math.max(1, Math.round(GATE_BLOCK_SECONDS * sampleRate)))) loudest = Math.max(loudest, m);
  return Math.sqrt(loudest);
}

/** The silence gate of `predict` and `detect`: true when the loudest 20 ms (DC removed) is quieter than `silenceDb` dB full scale. */
export function isSilent(x: Float32Array, sampleRate: number, silenceDb: number): boolean {
  return loudestBlockRms(x, sampleRate) < 10 ** (silenceDb / 20);
}

/** Checks a silence threshold: a number of dB full scale, -Infinity turning the gate off. */
export function checkSilenceDb(value: unknown, field: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value === Infinity) {
    throw new ConfigError(field, value, 'a level in dB full scale such as -60 (-Infinity turns the silence gate off)');
  }
  return value;
}

/**
 * The signal scaled so its RMS is `levelDb` dB full scale (a new array; silence, and any signal when
 * `levelDb` is null, are returned as they are).
 * Why the keyword spotter levels clips: FSDD's speakers were recorded 20 dB apart (RMS -21 to
 * -42 dBFS), and the log-mel floor is absolute, so without it a quiet voice sits closer to the floor
 * that padding and pauses fall to than a loud one, which the model learns as part of the voice.
 */
export function scaleToLevel(x: Float32Array, levelDb: number | null): Float32Array {
  if (levelDb === null) return x;
  const current = rms(x);
  if (current === 0) return x;
  const gain = 10 ** (levelDb / 20) / current;
  return x.map((v) => v * gain);
}
