import { ConfigError, InputError } from '@attune/core';
import { kaiser } from './kaiser.js';

export interface ResampleOptions {
  /**
   * Zero crossings of the sinc on each side of the centre tap; more gives a narrower transition
   * band. Default 64: the band spans about ±4.5% of the cut-off.
   */
  zeroCrossings?: number;
  /**
   * Cut-off as a fraction of the lower Nyquist frequency. Default 0.94, so the pass band is flat to
   * about 0.9 and the stop band starts by about 0.98 of Nyquist (nothing folds back audibly).
   */
  rolloff?: number;
  /** Kaiser window beta: 9 puts the stop band near -90 dB. Default 9. */
  kaiserBeta?: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Band-limited resampling by a Kaiser-windowed sinc (Smith's bandlimited interpolation, as in
 * resampy and libsamplerate's sinc converters). The low-pass sits below the lower of the two
 * Nyquist frequencies, so downsampling removes what would alias and upsampling removes images.
 *
 * Rates are integers, so output sample i lies at input position i·M/L (L/M the reduced ratio) and
 * only L distinct fractional phases exist; each phase's taps are computed once and reused.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number, options: ResampleOptions = {}): Float32Array {
  if (!(samples instanceof Float32Array)) {
    throw new InputError(`resample expects a Float32Array; got ${Object.prototype.toString.call(samples)}`);
  }
  for (const [name, rate] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isInteger(rate) || rate <= 0) throw new ConfigError(`resample.${name}`, rate, 'a positive integer (Hz)');
  }
  if (fromRate === toRate) return samples.slice();
  const { zeroCrossings = 64, rolloff = 0.94, kaiserBeta = 9 } = options;
  if (!(rolloff > 0 && rolloff <= 1)) throw new ConfigError('resample.rolloff', rolloff, 'a number in (0, 1]');

  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const cutoff = 0.5 * Math.min(1, toRate / fromRate) * rolloff; // cycles per input sample
  const halfWidth = zeroCrossings / (2 * cutoff); // in input samples
  const reach = Math.ceil(halfWidth);

  // Taps for inputs n0 - reach + 1 ... n0 + reach, for output position n0 + phase / up.
  const tapsFor = (phase: number): Float64Array => {
    const taps = new Float64Array(2 * reach);
    let sum = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = phase / up - (j - reach + 1); // distance from the output position to the input
      const x = 2 * cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      taps[j] = 2 * cutoff * sinc * kaiser(t / halfWidth, kaiserBeta);
      sum += taps[j]!;
    }
    for (let j = 0; j < taps.length; j++) taps[j] = taps[j]! / sum; // exact unity gain at DC for every phase
    return taps;
  };
  const cache = up <= 4096 ? new Map<number, Float64Array>() : null;

  const outLength = Math.ceil((samples.length * up) / down);
  const out = new Float32Array(outLength);
  for (let i = 0; i < outLength; i++) {
    const n0 = Math.floor((i * down) / up);
    const phase = i * down - n0 * up;
    let taps = cache?.get(phase);
    if (!taps) {
      taps = tapsFor(phase);
      cache?.set(phase, taps);
    }
    const first = n0 - reach + 1;
    const lo = Math.max(0, -first);
    const hi = Math.min(taps.length, samples.length - first);
    let acc = 0;
    for (let j = lo; j < hi; j++) acc += taps[j]! * samples[first + j]!;
    out[i] = acc;
  }
  return out;
}
