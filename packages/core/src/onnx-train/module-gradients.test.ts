// Gradients of every module from our ONNX autodiff (run on onnxruntime-node) against tfjs autodiff
// of the same module: within 1e-4 relative (max abs difference over the largest gradient entry).
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { FeedForward } from '../nn/feed-forward.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import type { Module } from '../nn/module.js';
import { MultiHeadAttention } from '../nn/multi-head-attention.js';
import { PositionalEmbedding } from '../nn/positional-embedding.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import { TransformerEncoderLayer } from '../nn/transformer-encoder-layer.js';
import { emitPool } from '../nn/pooling.js';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import { emitMultiHeadAttention } from '../onnx/attention.js';
import type { EmitContext, OnnxMask } from '../onnx/emit.js';
import { OnnxGraphBuilder } from '../onnx/graph-builder.js';
import { differentiate } from './autodiff.js';
import { GraphView } from './graph-view.js';
import { buildTrainingGraphs } from './training-graph.js';

const [B, T, D] = [3, 5, 16];

/**
 * Relative gradient error: max |ours − tfjs| / max |tfjs|. The scale is floored at 1% of the
 * module's largest gradient, so a gradient that is zero in exact arithmetic (the key bias: softmax
 * ignores a constant added to a whole row) has its rounding noise judged against the module's scale.
 */
function relativeError(ours: Float32Array, reference: Float32Array, floor = 0): number {
  let diff = 0;
  let scale = Math.max(floor, 1e-12);
  for (let i = 0; i < reference.length; i++) {
    diff = Math.max(diff, Math.abs(ours[i]! - reference[i]!));
    scale = Math.max(scale, Math.abs(reference[i]!));
  }
  return diff / scale;
}

async function compareGradients(
  module: Module,
  emit: (ctx: EmitContext, x: string, mask: OnnxMask) => string,
  forward: (x: tf.Tensor, keyPadding: tf.Tensor) => tf.Tensor,
) {
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 1);
  const tokens = tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]]);
  const y0 = forward(x, tokens);
  const r = tf.randomNormal(y0.shape, 0, 1, 'float32', 2);

  const g = new OnnxGraphBuilder('fp32', true);
  const ctx: EmitContext = { g, precision: 'fp32', int8MinSize: 0 };
  const xIn = g.input('x', 'float32', ['batch', 'sequence', D]);
  const tokIn = g.input('tokens', 'float32', ['batch', 'sequence']);
  const rIn = g.input('r', 'float32', y0.shape);
  const keep = g.op('Unsqueeze', [tokIn, g.constant('int64', [1, 2])]);
  const mask = { keep, negBias: g.op('Mul', [g.op('Sub', [g.scalar(1), keep]), g.scalar(-1e9)]) };
  const loss = g.op('ReduceSum', [g.op('Mul', [emit(ctx, xIn, mask), rIn])], { keepdims: 0 });
  const wrt = [...g.trainable.map((w) => w.name), 'x'];
  const grads = differentiate(new GraphView(g), loss, wrt);
  for (const name of wrt) g.output(g.op('Identity', [grads.get(name)!], {}, `d:${name}`), 'float32');
  const session = await ort.InferenceSession.create(g.toBytes('grads', 18));
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape),
    tokens: new ort.Tensor('float32', tokens.dataSync() as Float32Array, tokens.shape),
    r: new ort.Tensor('float32', r.dataSync() as Float32Array, r.shape),
  };
  for (const w of g.trainable) feeds[w.name] = new ort.Tensor('float32', w.data, w.dims);
  const out = await session.run(feeds);

  const params = module.namedParameters();
  const reference = tf.variableGrads(() => tf.sum(tf.mul(forward(x, tokens), r)) as tf.Scalar, params.map(([, v]) => v));
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(forward(input, tokens), r)))(x);
  const floor = 0.01 * Math.max(...params.map(([, v]) => tf.max(tf.abs(reference.grads[v.name]!)).dataSync()[0]!));
  for (const [name, variable] of params) {
    const err = relativeError(out[`d:${name}`]!.data as Float32Array, reference.grads[variable.name]!.dataSync() as Float32Array, floor);
    expect(err, `d/d${name}`).toBeLessThanOrEqual(1e-4);
  }
  expect(relativeError(out['d:x']!.data as Float32Array, dx.dataSync() as Float32Array), 'd/dx').toBeLessThanOrEqual(1e-4);
  await session.release();
}

describe('module gradients: ONNX autodiff = tfjs autodiff (1e-4 relative)', () => {
  it('Linear', async () => {
    const m = new Linear({ inFeatures: D, outFeatures: 7 }, { seed: 1 });
    await compareGradients(m, (ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
  });
  it('LayerNorm', async () => {
    const m = new LayerNorm({ dim: D }, { seed: 2 });
    m.gamma.assign(tf.randomNormal([D], 1, 0.3, 'float32', 3));
    await compareGradients(m, (ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
  });
  it('FeedForward (erf and tanh GELU)', async () => {
    for (const activation of ['erf', 'tanh'] as const) {
      const m = new FeedForward({ dModel: D, hiddenDim: 24, activation }, { seed: 4 });
      await compareGradients(m, (ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
    }
  });
  it('MultiHeadAttention with padding, including a query row whose keys are all masked', async () => {
    const m = new MultiHeadAttention({ dModel: D, numHeads: 4 }, { seed: 5 });
    await compareGradients(m, (ctx, x, mask) => emitMultiHeadAttention(ctx, m, x, mask), (x, keyPadding) => m.forward(x, { keyPadding }));
  });
  it('TransformerEncoderLayer and TransformerEncoder', async () => {
    const layer = new TransformerEncoderLayer({ dModel: D, numHeads: 2, ffnDim: 32, dropout: 0 }, { seed: 6 });
    await compareGradients(layer, (ctx, x, mask) => layer.emitOnnx(ctx, x, mask), (x, keyPadding) => layer.forward(x, { keyPadding }));
    const encoder = new TransformerEncoder({ dModel: D, numHeads: 4, numLayers: 2, dropout: 0 }, { seed: 7 });
    await compareGradients(encoder, (ctx, x, mask) => encoder.emitOnnx(ctx, x, mask), (x, keyPadding) => encoder.forward(x, { keyPadding }));
  });
  it('PositionalEmbedding (learned)', async () => {
    const m = new PositionalEmbedding({ maxLength: 9, dim: D }, { seed: 8 });
    await compareGradients(m, (ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
  });
});

describe('a whole classifier: training graph loss and gradients', () => {
  it('the training graph gradient norm and loss equal tfjs autodiff of the same loss', async () => {
    const model = new SequenceClassifier({ vocabSize: 20, maxLength: 8, numClasses: 3, dModel: 16, numHeads: 2, numLayers: 2, dropout: 0 }, { seed: 9 });
    const graphs = buildTrainingGraphs(model);
    const ids = Int32Array.from([1, 2, 3, 0, 4, 5, 6, 7, 9, 0, 0, 0]);
    const labels = Int32Array.from([0, 2, 1]);
    const session = await ort.InferenceSession.create(graphs.train);
    const feeds: Record<string, ort.Tensor> = { ids: new ort.Tensor('int32', ids, [3, 4]), labels: new ort.Tensor('int32', labels, [3]) };
    for (const w of graphs.weights) {
      feeds[w.name] = new ort.Tensor('float32', w.data, w.dims);
      feeds[`${w.name}.m1`] = new ort.Tensor('float32', new Float32Array(w.data.length), w.dims);
      feeds[`${w.name}.m2`] = new ort.Tensor('float32', new Float32Array(w.data.length), w.dims);
    }
    const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
    Object.assign(feeds, {
      lr: scalar(0), beta1: scalar(0.9), beta2: scalar(0.999), epsilon: scalar(1e-8), weight_decay: scalar(0),
      clip_norm: scalar(Number.POSITIVE_INFINITY), bias_correction1: scalar(0.1), bias_correction2: scalar(0.001),
    });
    const out = await session.run(feeds);
    const inputs = { ids: tf.tensor2d(ids, [3, 4], 'int32'), labels: tf.tensor1d(labels, 'int32') };
    const { value, grads } = tf.variableGrads(() => model.loss(inputs, { training: false }), model.namedParameters().map(([, v]) => v));
    const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0]!, 0));
    expect(Math.abs((out['loss']!.data as Float32Array)[0]! - value.dataSync()[0]!)).toBeLessThan(1e-5);
    expect(Math.abs((out['grad_norm']!.data as Float32Array)[0]! - norm) / norm).toBeLessThan(1e-4);
    // with lr 0 the weights come back unchanged
    const table = graphs.weights[0]!;
    expect(Array.from(out[`${table.name}.next`]!.data as Float32Array)).toEqual(Array.from(table.data));
  });
});

describe('non-differentiable paths', () => {
  it('mean pooling without a mask (its divisor read from the shape) trains: Shape passes no gradient', async () => {
    const g = new OnnxGraphBuilder('fp32', true);
    const x = g.input('x', 'float32', ['batch', 'sequence', 4]);
    const w = g.weight('w', Float32Array.from([0.5, -1, 2, 0.25]), [4]);
    const pooled = emitPool(g, 'mean', g.op('Mul', [x, w]));
    const loss = g.op('ReduceSum', [g.op('Mul', [pooled, pooled])], { keepdims: 0 });
    const grads = differentiate(new GraphView(g), loss, ['w']);
    g.output(g.op('Identity', [grads.get('w')!], {}, 'dw'), 'float32');
    const session = await ort.InferenceSession.create(g.toBytes('pool', 18));
    const xs = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
    const out = await session.run({ x: new ort.Tensor('float32', xs, [2, 3, 4]), w: new ort.Tensor('float32', Float32Array.from([0.5, -1, 2, 0.25]), [4]) });
    const wv = tf.variable(tf.tensor1d([0.5, -1, 2, 0.25]));
    const reference = tf.grad((wt: tf.Tensor) => tf.sum(tf.square(tf.mean(tf.mul(tf.tensor3d(xs, [2, 3, 4]), wt), 1))))(wv);
    expect(relativeError(out['dw']!.data as Float32Array, reference.dataSync() as Float32Array)).toBeLessThan(1e-5);
  });
});
