import FFT from 'fft.js';
import type { FrontEndConfig } from './config.js';
import { dctMatrix } from './dct.js';
import type { FeatureKind } from './feature-matrix.js';
import { melFilterbank } from './mel.js';
import { periodicHann } from './hann.js';

/** One mel band stored sparsely: its non-zero weights start at FFT bin `start`. */
interface MelBand {
  start: number;
  weights: Float64Array;
}

/**
 * Turns one frame of samples into features. Both the whole-clip functions and the streaming
 * front-end call `process` with the same samples, so their outputs are identical bit for bit.
 * Tables (window, FFT twiddles, mel bands, DCT) are built once; buffers are reused between frames.
 */
export class FrameProcessor {
  readonly numFeatures: number;
  private readonly hann: Float64Array;
  private readonly fft: FFT;
  private readonly frame: Float64Array;
  private readonly spectrum: number[];
  private readonly power: Float64Array;
  private readonly bands: MelBand[];
  private readonly logMel: Float64Array;
  private readonly dct: Float64Array[];

  constructor(
    readonly config: FrontEndConfig,
    readonly kind: FeatureKind,
  ) {
    const { sampleRate, winLength, nFft, nMels, fMin, fMax, nMfcc } = config;
    this.numFeatures = kind === 'mfcc' ? nMfcc : nMels;
    this.hann = periodicHann(winLength);
    this.fft = new FFT(nFft);
    this.frame = new Float64Array(nFft); // tail beyond winLength stays zero: the zero padding
    this.spectrum = this.fft.createComplexArray() as number[];
    this.power = new Float64Array(nFft / 2 + 1);
    this.bands = melFilterbank(sampleRate, nFft, nMels, fMin, fMax).map(sparseBand);
    this.logMel = new Float64Array(nMels);
    this.dct = kind === 'mfcc' ? dctMatrix(nMfcc, nMels) : [];
  }

  /** |FFT(window · frame)|² of the frame starting at `offset`; the returned buffer is reused. */
  powerSpectrum(samples: Float32Array, offset: number): Float64Array {
    const { frame, hann, spectrum, power } = this;
    for (let i = 0; i < hann.length; i++) frame[i] = samples[offset + i]! * hann[i]!;
    this.fft.realTransform(spectrum, frame);
    for (let k = 0; k < power.length; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      power[k] = re * re + im * im;
    }
    return power;
  }

  /** Writes the frame's features (log-mel or MFCC) into `out` from `outOffset`. */
  process(samples: Float32Array, offset: number, out: Float32Array, outOffset: number): void {
    const power = this.powerSpectrum(samples, offset);
    const { logMel, bands } = this;
    for (let m = 0; m < bands.length; m++) {
      const { start, weights } = bands[m]!;
      let sum = 0;
      for (let j = 0; j < weights.length; j++) sum += weights[j]! * power[start + j]!;
      logMel[m] = Math.log(sum + this.config.logFloor);
    }
    if (this.kind === 'log-mel') {
      for (let m = 0; m < logMel.length; m++) out[outOffset + m] = logMel[m]!;
      return;
    }
    for (let k = 0; k < this.dct.length; k++) {
      const row = this.dct[k]!;
      let sum = 0;
      for (let m = 0; m < row.length; m++) sum += row[m]! * logMel[m]!;
      out[outOffset + k] = sum;
    }
  }
}

function sparseBand(row: Float64Array): MelBand {
  let start = row.findIndex((w) => w > 0);
  if (start < 0) start = 0; // a band narrower than one FFT bin has no weight: it stays at the floor
  let end = row.length;
  while (end > start && row[end - 1] === 0) end--;
  return { start, weights: row.slice(start, end) };
}
