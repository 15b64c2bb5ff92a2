import { describe, expect, it } from 'vitest';
import { frameCount } from './clip.js';
import { resolveFrontEndConfig } from './config.js';
import { deltas, withDeltas } from './deltas.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { normalizeUtterance } from './normalize.js';

const matrix = (rows: number[][]): FeatureMatrix => ({
  data: Float32Array.from(rows.flat()),
  numFrames: rows.length,
  numFeatures: rows[0]!.length,
});

describe('deltas', () => {
  it('is the slope of a linear ramp, including at the edges by the regression formula', () => {
    const ramp = matrix([0, 1, 2, 3, 4, 5].map((t) => [2 * t, -t]));
    const d = deltas(ramp, 2);
    // interior frames: exact slope; edges see replicated frames, so (n-weighted) smaller slopes
    expect(Array.from(d.data.subarray(4, 8))).toEqual([2, -1, 2, -1]);
    expect(d.data[0]).toBeCloseTo((1 * (2 - 0) + 2 * (4 - 0)) / 10, 6);
  });

  it('stacks features, deltas and delta-deltas', () => {
    const m = matrix([[1], [4], [9], [16], [25], [36]]);
    const out = withDeltas(m, 2, 1);
    expect(out.numFeatures).toBe(3);
    // frame 2 of t²: the value, (16 - 4) / 2, and the second difference of a square, 2
    expect(Array.from(out.data.subarray(6, 9))).toEqual([9, 6, 2]);
  });

  it('rejects a bad window', () => {
    expect(() => deltas(matrix([[1]]), 0)).toThrow(/deltas.window/);
  });
});

describe('normalizeUtterance', () => {
  it('gives each feature zero mean and unit variance', () => {
    const out = normalizeUtterance(matrix([[1, 5], [2, 5], [3, 5], [6, 5]]));
    const column = (f: number) => [0, 1, 2, 3].map((t) => out.data[t * 2 + f]!);
    const mean = column(0).reduce((a, b) => a + b) / 4;
    const variance = column(0).reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    expect(mean).toBeCloseTo(0, 6);
    expect(variance).toBeCloseTo(1, 5);
    expect(column(1)).toEqual([0, 0, 0, 0]); // a constant feature becomes 0, not NaN
  });
});

describe('configuration', () => {
  it('counts whole windows only (no centring)', () => {
    const c = resolveFrontEndConfig();
    expect([399, 400, 559, 560, 4000].map((n) => frameCount(n, c))).toEqual([0, 1, 1, 2, 23]);
  });

  it('names the field, the value and what was expected', () => {
    expect(() => resolveFrontEndConfig({ nFft: 300 })).toThrow('Invalid frontEnd.nFft: got 300; expected a power of two');
    expect(() => resolveFrontEndConfig({ fMax: 9000 })).toThrow(/frontEnd.fMax: got 9000; expected at most sampleRate \/ 2 \(8000\)/);
    expect(() => resolveFrontEndConfig({ nMfcc: 41 })).toThrow(/frontEnd.nMfcc/);
  });
});
