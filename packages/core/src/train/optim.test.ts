import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-support/tensors.js';
import { adamwUpdate, clipScale, globalNorm } from './adamw.js';
import { epochBatches } from './batching.js';
import { warmupCosine } from './schedule.js';

describe('AdamW', () => {
  it('matches a hand-computed step, decaying matrices but not biases', () => {
    // step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², update = g/(|g|+ε) = sign(g)
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const b = tf.variable(tf.tensor1d([0.5]));
    const slots = [
      { param: w, m: tf.variable(tf.zeros([1, 2])), v: tf.variable(tf.zeros([1, 2])), decay: true },
      { param: b, m: tf.variable(tf.zeros([1])), v: tf.variable(tf.zeros([1])), decay: false },
    ];
    const params = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5, clipNorm: 0, seed: 0 };
    adamwUpdate(slots, [tf.tensor2d([[0.3, -4]]), tf.tensor1d([2])], 1, params, 1);
    // w: 1·(1 − 0.05) − 0.1 = 0.85 ; −2·0.95 + 0.1 = −1.8 ; b: 0.5 − 0.1 = 0.4 (no decay)
    expectClose(w, [0.85, -1.8], 1e-6);
    expectClose(b, [0.4], 1e-6);
    expectClose(slots[0]!.m, [0.03, -0.4], 1e-7);
    expectClose(slots[0]!.v, [0.00009, 0.016], 1e-9);
  });

  it('global-norm clipping', () => {
    expect(globalNorm([tf.tensor1d([3]), tf.tensor2d([[4]])]).dataSync()[0]).toBeCloseTo(5, 6);
    expect(clipScale(5, 1)).toBeCloseTo(0.2, 6);
    expect(clipScale(0.5, 1)).toBe(1);
    expect(clipScale(50, 0)).toBe(1);
  });
});

describe('warm-up then cosine', () => {
  it('rises linearly, peaks, and decays to the floor', () => {
    expect(warmupCosine(0, 1, 10, 110)).toBeCloseTo(0.1);
    expect(warmupCosine(9, 1, 10, 110)).toBeCloseTo(1);
    expect(warmupCosine(10, 1, 10, 110)).toBeCloseTo(1);
    expect(warmupCosine(60, 1, 10, 110)).toBeCloseTo(0.5);
    expect(warmupCosine(110, 1, 10, 110, 0.1)).toBeCloseTo(0.1);
    expect(warmupCosine(0, 1, 0, 10)).toBeCloseTo(1);
  });
});

describe('seeded batching', () => {
  it('the same (seed, epoch) gives the same order; another epoch another; every example once', () => {
    const a = epochBatches(10, 4, 1, 0).map((b) => Array.from(b));
    expect(epochBatches(10, 4, 1, 0).map((b) => Array.from(b))).toEqual(a);
    expect(epochBatches(10, 4, 1, 1).map((b) => Array.from(b))).not.toEqual(a);
    expect(a.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(a.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
