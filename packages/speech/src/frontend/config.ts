import { ConfigError } from '@attune/core';

/**
 * Settings of the audio front-end. The defaults are the conventions of the golden vectors
 * (`__fixtures__/audio_frontend.json`, computed with numpy), so features made here match a Python
 * pipeline that uses the same settings.
 */
export interface FrontEndConfig {
  /** Sample rate the front-end expects, in Hz; resample audio to it first. Default 16000. */
  sampleRate: number;
  /** Samples per analysis window (400 = 25 ms at 16 kHz). Default 400. */
  winLength: number;
  /** Samples between the starts of two frames (160 = 10 ms at 16 kHz). Default 160. */
  hopLength: number;
  /** FFT size; a power of two >= winLength. The window is zero-padded to it. Default 512. */
  nFft: number;
  /** Number of triangular mel bands. Default 40. */
  nMels: number;
  /** Lower edge of the lowest mel band, in Hz. Default 20. */
  fMin: number;
  /** Upper edge of the highest mel band, in Hz (at most sampleRate / 2). Default 7600. */
  fMax: number;
  /** Added to the mel power before the natural log, so silence gives log(1e-6), not -Infinity. */
  logFloor: number;
  /** MFCCs kept from the orthonormal DCT-II of the log-mel frame. Default 13. */
  nMfcc: number;
}

export const defaultFrontEndConfig: Readonly<FrontEndConfig> = Object.freeze({
  sampleRate: 16000,
  winLength: 400,
  hopLength: 160,
  nFft: 512,
  nMels: 40,
  fMin: 20,
  fMax: 7600,
  logFloor: 1e-6,
  nMfcc: 13,
});

function check(field: keyof FrontEndConfig, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new ConfigError(`frontEnd.${field}`, value, expected);
}

/** Fills in the defaults and rejects settings that would give meaningless features. */
export function resolveFrontEndConfig(partial: Partial<FrontEndConfig> = {}): FrontEndConfig {
  const c: FrontEndConfig = { ...defaultFrontEndConfig, ...partial };
  // upper bounds far above any speech front end, short of sizes that would allocate without bound
  const isInt = (v: number, max = 65_536) => Number.isInteger(v) && v > 0 && v <= max;
  check('sampleRate', c.sampleRate, isInt(c.sampleRate, 192_000), 'a positive integer (Hz) of at most 192000');
  check('winLength', c.winLength, isInt(c.winLength), 'a positive integer (samples) of at most 65536');
  check('hopLength', c.hopLength, isInt(c.hopLength), 'a positive integer (samples) of at most 65536');
  const pow2 = isInt(c.nFft) && (c.nFft & (c.nFft - 1)) === 0 && c.nFft >= 4;
  check('nFft', c.nFft, pow2 && c.nFft >= c.winLength, `a power of two >= 4 and >= winLength (${c.winLength})`);
  check('nMels', c.nMels, isInt(c.nMels, 1024), 'a positive integer of at most 1024');
  check('fMin', c.fMin, c.fMin >= 0 && c.fMin < c.fMax, `a frequency >= 0 and below fMax (${c.fMax})`);
  check('fMax', c.fMax, c.fMax <= c.sampleRate / 2, `at most sampleRate / 2 (${c.sampleRate / 2})`);
  check('logFloor', c.logFloor, c.logFloor > 0 && Number.isFinite(c.logFloor), 'a positive finite number');
  check('nMfcc', c.nMfcc, isInt(c.nMfcc) && c.nMfcc <= c.nMels, `an integer in 1..nMels (${c.nMels})`);
  return c;
}
