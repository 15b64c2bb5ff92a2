import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AttuneError } from '../errors/attune-error.js';
import { ConfigError } from '../errors/config-error.js';
import { InputError } from '../errors/input-error.js';
import { expectClose } from '../test-support/tensors.js';
import { embeddingLookup, TokenEmbedding } from './token-embedding.js';
import { Linear, matMul2d } from './linear.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { PositionalEmbedding } from './positional-embedding.js';
import { clsPool, maskedMeanPool } from './pooling.js';
import { TransformerEncoder } from './transformer-encoder.js';
import { LayerNorm, layerNorm } from './layer-norm.js';

const randn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('configuration errors name the field, the value and what is expected', () => {
  it('a head count that does not divide dModel', () => {
    expect(() => new MultiHeadAttention({ dModel: 10, numHeads: 3 })).toThrow(
      'Invalid attention.numHeads: got 3; expected a divisor of dModel (10).',
    );
  });
  it('zero, negative and fractional sizes', () => {
    expect(() => new Linear({ inFeatures: 0, outFeatures: 4 })).toThrow('Invalid linear.inFeatures: got 0; expected a positive integer.');
    expect(() => new LayerNorm({ dim: -2 })).toThrow(ConfigError);
    expect(() => new TokenEmbedding({ vocabSize: 2.5, dim: 4 })).toThrow('token_embedding.vocabSize: got 2.5');
    expect(() => new TransformerEncoder({ dModel: 8, numHeads: 2, numLayers: 0 })).toThrow('encoder.numLayers: got 0');
  });
  it('a dropout rate outside [0, 1)', () => {
    expect(() => new MultiHeadAttention({ dModel: 8, numHeads: 2, dropout: 1 })).toThrow('expected a number in [0, 1)');
  });
  it('errors carry a code and are recognisable across bundles', () => {
    try {
      new MultiHeadAttention({ dModel: 8, numHeads: 3 });
    } catch (e) {
      expect(AttuneError.isInstance(e)).toBe(true);
      expect((e as AttuneError).code).toBe('INVALID_CONFIG');
      expect((e as ConfigError).field).toBe('attention.numHeads');
    }
    expect(AttuneError.isInstance(new Error('x'))).toBe(false);
  });
  it('a key padding mask of the wrong shape', () => {
    const mha = new MultiHeadAttention({ dModel: 8, numHeads: 2 });
    expect(() => mha.forward(randn([2, 5, 8], 1), { keyPadding: tf.ones([2, 4]) })).toThrow(
      'keyPadding has shape [2, 4]; expected [batch, keyLength] = [2, 5]',
    );
    expect(() => mha.forward(randn([2, 5, 8], 1), { keyPadding: tf.ones([2, 4]) })).toThrow(InputError);
  });
  it('a sequence longer than maxLength', () => {
    const pos = new PositionalEmbedding({ maxLength: 4, dim: 8 });
    expect(() => pos.forward(tf.zeros([1, 5, 8]))).toThrow('Sequence length 5 exceeds positional_embedding.maxLength 4');
  });
});

describe('masks', () => {
  const mha = new MultiHeadAttention({ dModel: 8, numHeads: 2 }, { seed: 3 });

  it('a query whose keys are all padding yields zeros, never NaN, forward and backward', () => {
    const x = randn([2, 4, 8], 2);
    const keyPadding = tf.tensor2d([[1, 1, 0, 0], [0, 0, 0, 0]]);
    const out = mha.forward(x, { keyPadding });
    const values = out.dataSync();
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
    // second sequence: every key masked -> attention output zero -> projection gives the output bias only
    const bias = mha.output.bias!.dataSync();
    const row = Array.from(values.slice(4 * 8, 5 * 8));
    expectClose(row, Array.from(bias), 1e-7);
    const g = tf.grad((input: tf.Tensor) => tf.sum(mha.forward(input, { keyPadding })))(x);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('causal: changing a later token never changes an earlier output', () => {
    const x = randn([1, 6, 8], 4);
    const changed = tf.concat([tf.slice(x, [0, 0, 0], [1, 4, 8]), randn([1, 2, 8], 5)], 1);
    const a = mha.forward(x, { causal: true });
    const b = mha.forward(changed, { causal: true });
    expectClose(tf.slice(a, [0, 0, 0], [1, 4, 8]), Array.from(tf.slice(b, [0, 0, 0], [1, 4, 8]).dataSync()), 1e-6);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it('key padding: what sits in padded positions does not change real outputs', () => {
    const x = randn([1, 5, 8], 6);
    const keyPadding = tf.tensor2d([[1, 1, 1, 0, 0]]);
    const noise = tf.concat([tf.slice(x, [0, 0, 0], [1, 3, 8]), randn([1, 2, 8], 7)], 1);
    const a = tf.slice(mha.forward(x, { keyPadding }), [0, 0, 0], [1, 3, 8]);
    const b = tf.slice(mha.forward(noise, { keyPadding }), [0, 0, 0], [1, 3, 8]);
    expectClose(a, Array.from(b.dataSync()), 1e-6);
  });
});

describe('weights', () => {
  it('the same seed gives the same weights bit for bit; another seed does not', () => {
    const cfg = { dModel: 16, numHeads: 4, numLayers: 2 };
    const a = new TransformerEncoder(cfg, { seed: 7 }).namedParameters();
    const b = new TransformerEncoder(cfg, { seed: 7 }).namedParameters();
    const c = new TransformerEncoder(cfg, { seed: 8 }).namedParameters();
    expect(a.map(([n]) => n)).toEqual(b.map(([n]) => n));
    a.forEach(([, v], i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b[i]![1].dataSync())));
    expect(Array.from(a[2]![1].dataSync())).not.toEqual(Array.from(c[2]![1].dataSync()));
  });

  it('parameters carry stable, nested names', () => {
    const names = new TransformerEncoder({ dModel: 8, numHeads: 2, numLayers: 1 }).namedParameters().map(([n]) => n);
    expect(names).toContain('encoder.layers.0.attention.query.weight');
    expect(names).toContain('encoder.layers.0.feed_forward.up.bias');
    expect(names.at(-1)).toBe('encoder.final_norm.beta');
  });
});

describe('custom gradients agree with tfjs autodiff', () => {
  it('matMul2d', () => {
    const a = randn([5, 3], 10);
    const b = randn([3, 4], 11);
    const f = (fn: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(fn(x, y), tf.reshape(tf.range(0, 20), [5, 4]))))([a, b]);
    const [ga, gb] = f(matMul2d);
    const [ra, rb] = f((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D));
    expectClose(ga!, Array.from(ra!.dataSync()), 1e-4);
    expectClose(gb!, Array.from(rb!.dataSync()), 1e-4);
  });

  it('embedding lookup sums the gradient of repeated ids (scatter) like a one-hot product', () => {
    const table = randn([6, 3], 12);
    const ids = tf.tensor2d([[1, 4, 1], [0, 1, 5]], [2, 3], 'int32');
    const weights = randn([2, 3, 3], 13);
    const viaLookup = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t, ids), weights)))(table);
    const viaOneHot = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.reshape(tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), 6), t as tf.Tensor2D), [2, 3, 3]), weights)),
    )(table);
    expectClose(viaLookup, Array.from(viaOneHot.dataSync()), 1e-5);
  });
});

describe('pooling', () => {
  it('masked mean ignores padding and gives zeros for an empty sequence', () => {
    const x = tf.tensor3d([[[1, 2], [3, 4], [100, 100]], [[5, 6], [7, 8], [9, 10]]]);
    const out = maskedMeanPool(x, tf.tensor2d([[1, 1, 0], [0, 0, 0]]));
    expectClose(out, [2, 3, 0, 0], 1e-6);
  });
  it('CLS takes the first position', () => {
    expectClose(clsPool(tf.tensor3d([[[1, 2], [3, 4]]])), [1, 2], 0);
  });
});

describe('analytic gradients agree with tfjs autodiff of the plain formula', () => {
  it('layer norm (x, gamma, beta)', () => {
    const x = randn([2, 3, 6], 20);
    const gamma = randn([6], 21);
    const beta = randn([6], 22);
    const w = randn([2, 3, 6], 23);
    const plain = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const mean = tf.mean(a, -1, true);
      const c = tf.sub(a, mean);
      return tf.add(tf.mul(tf.mul(c, tf.rsqrt(tf.add(tf.mean(tf.square(c), -1, true), 1e-5))), g), b);
    };
    const grads = (fn: typeof plain) => tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(fn(a, g, b), w)))([x, gamma, beta]);
    const ours = grads((a, g, b) => layerNorm(a, g, b, 1e-5));
    const reference = grads(plain);
    ours.forEach((g, i) => expectClose(g, Array.from(reference[i]!.dataSync()), 1e-4));
  });

  it('affine layer (x, W, b)', () => {
    const lin = new Linear({ inFeatures: 5, outFeatures: 3 }, { seed: 4 });
    const x = randn([2, 4, 5], 24);
    const w = randn([2, 4, 3], 25);
    const f = (fn: (a: tf.Tensor) => tf.Tensor) => tf.variableGrads(() => tf.sum(tf.mul(fn(x), w)) as tf.Scalar, [lin.weight, lin.bias!]).grads;
    const ours = f((a) => lin.forward(a));
    const reference = f((a) => tf.add(tf.reshape(tf.matMul(tf.reshape(a, [8, 5]) as tf.Tensor2D, lin.weight as tf.Tensor2D), [2, 4, 3]), lin.bias!));
    for (const name of Object.keys(ours)) expectClose(ours[name]!, Array.from(reference[name]!.dataSync()), 1e-5);
  });
});
