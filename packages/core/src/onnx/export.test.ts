// Parity between each module's tfjs forward pass and its exported ONNX graph on onnxruntime-node,
// for several batch sizes and sequence lengths, with padding masks (fp32: max abs diff 1e-4).
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { FeedForward } from '../nn/feed-forward.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import { MultiHeadAttention } from '../nn/multi-head-attention.js';
import { maskedMeanPool, clsPool, emitPool } from '../nn/pooling.js';
import { PositionalEmbedding } from '../nn/positional-embedding.js';
import { TokenEmbedding } from '../nn/token-embedding.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import { TransformerEncoderLayer } from '../nn/transformer-encoder-layer.js';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import { expectClose } from '../test-support/tensors.js';
import { emitMultiHeadAttention } from './attention.js';
import type { EmitContext, OnnxMask } from './emit.js';
import { exportOnnx, MAX_OPSET } from './export.js';
import { ConfigError } from '../errors/config-error.js';
import { OnnxGraphBuilder } from './graph-builder.js';
import { onnx } from './graph-builder.js';

const D = 16;
const SHAPES: Array<[number, number]> = [[1, 1], [2, 7], [5, 12]];

/** A graph with float input x [batch, seq, D] and float tokens [batch, seq] (1 token, 0 pad). */
async function moduleSession(emit: (ctx: EmitContext, x: string, mask: OnnxMask, tokens: string) => string) {
  const g = new OnnxGraphBuilder();
  const ctx: EmitContext = { g, precision: 'fp32', int8MinSize: 4096 };
  const x = g.input('x', 'float32', ['batch', 'sequence', D]);
  const tokens = g.input('tokens', 'float32', ['batch', 'sequence']);
  const keep = g.op('Unsqueeze', [tokens, g.constant('int64', [1, 2])]);
  const mask = { keep, negBias: g.op('Mul', [g.op('Sub', [g.scalar(1), keep]), g.scalar(-1e9)]) };
  g.output(g.op('Identity', [emit(ctx, x, mask, tokens)], {}, 'y'), 'float32');
  return ort.InferenceSession.create(g.toBytes('module'));
}

function inputs(b: number, t: number, seed: number) {
  const x = tf.randomNormal([b, t, D], 0, 1, 'float32', seed);
  const lengths = Array.from({ length: b }, (_, i) => (i === 0 ? t : Math.max(1, t - 2 * i)));
  const tokens = tf.tensor2d(lengths.flatMap((len) => Array.from({ length: t }, (_, j) => (j < len ? 1 : 0))), [b, t]);
  return { x, tokens };
}

async function expectParity(
  emit: Parameters<typeof moduleSession>[0],
  forward: (x: tf.Tensor, tokens: tf.Tensor) => tf.Tensor,
) {
  const session = await moduleSession(emit);
  for (const [b, t] of SHAPES) {
    const { x, tokens } = inputs(b, t, b * 100 + t);
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', x.dataSync() as Float32Array, [b, t, D]),
      tokens: new ort.Tensor('float32', tokens.dataSync() as Float32Array, [b, t]),
    };
    const out = await session.run(feeds);
    expectClose(Array.from(out['y']!.data as Float32Array), Array.from(forward(x, tokens).dataSync()), 1e-4);
  }
  await session.release();
}

describe('every module exports to ONNX with the same numbers as tfjs', () => {
  it('Linear', async () => {
    const m = new Linear({ inFeatures: D, outFeatures: 9 }, { seed: 1 });
    await expectParity((ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
  });
  it('LayerNorm', async () => {
    const m = new LayerNorm({ dim: D }, { seed: 2 });
    m.gamma.assign(tf.randomNormal([D], 1, 0.3, 'float32', 3));
    m.beta.assign(tf.randomNormal([D], 0, 0.3, 'float32', 4));
    await expectParity((ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
  });
  it('FeedForward with exact and tanh GELU', async () => {
    for (const activation of ['erf', 'tanh'] as const) {
      const m = new FeedForward({ dModel: D, hiddenDim: 32, activation }, { seed: 5 });
      await expectParity((ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
    }
  });
  it('MultiHeadAttention with a key padding mask', async () => {
    const m = new MultiHeadAttention({ dModel: D, numHeads: 4 }, { seed: 6 });
    await expectParity((ctx, x, mask) => emitMultiHeadAttention(ctx, m, x, mask), (x, keyPadding) => m.forward(x, { keyPadding }));
  });
  it('TransformerEncoderLayer and TransformerEncoder with padding', async () => {
    const layer = new TransformerEncoderLayer({ dModel: D, numHeads: 2, ffnDim: 24 }, { seed: 7 });
    await expectParity((ctx, x, mask) => layer.emitOnnx(ctx, x, mask), (x, keyPadding) => layer.forward(x, { keyPadding }));
    const encoder = new TransformerEncoder({ dModel: D, numHeads: 4, numLayers: 2 }, { seed: 8 });
    await expectParity((ctx, x, mask) => encoder.emitOnnx(ctx, x, mask), (x, keyPadding) => encoder.forward(x, { keyPadding }));
  });
  it('PositionalEmbedding, learned and sinusoidal (dynamic sequence length)', async () => {
    for (const kind of ['learned', 'sinusoidal'] as const) {
      const m = new PositionalEmbedding({ maxLength: 20, dim: D, kind }, { seed: 9 });
      await expectParity((ctx, x) => m.emitOnnx(ctx, x), (x) => m.forward(x));
    }
  });
  it('pooling: masked mean and CLS', async () => {
    await expectParity((ctx, x, _m, tokens) => emitPool(ctx.g, 'mean', x, tokens), (x, tokens) => maskedMeanPool(x, tokens));
    await expectParity((ctx, x) => emitPool(ctx.g, 'cls', x), (x) => clsPool(x));
    await expectParity((ctx, x) => emitPool(ctx.g, 'mean', x), (x) => maskedMeanPool(x)); // no mask: plain mean
  });
  it('TokenEmbedding', async () => {
    const m = new TokenEmbedding({ vocabSize: 30, dim: D }, { seed: 10 });
    const g = new OnnxGraphBuilder();
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    g.output(g.op('Identity', [m.emitOnnx({ g, precision: 'fp32', int8MinSize: 0 }, ids)], {}, 'y'), 'float32');
    const session = await ort.InferenceSession.create(g.toBytes('embedding'));
    const idsData = Int32Array.from([0, 5, 29, 5, 1, 2]);
    const out = await session.run({ ids: new ort.Tensor('int32', idsData, [2, 3]) });
    expectClose(Array.from(out['y']!.data as Float32Array), Array.from(m.forward(tf.tensor2d(idsData, [2, 3], 'int32')).dataSync()), 0);
  });
});

describe('a whole model', () => {
  it('declares named inputs and outputs with dynamic batch and sequence axes, opset 17', () => {
    const model = new SequenceClassifier({ vocabSize: 30, maxLength: 16, numClasses: 3, dModel: D, numHeads: 2, numLayers: 1 });
    const decoded = onnx.ModelProto.decode(exportOnnx(model));
    expect(Number(decoded.opsetImport[0]!.version)).toBe(17);
    const input = decoded.graph!.input![0]!;
    expect(input.name).toBe('ids');
    expect(input.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || d.dimValue)).toEqual(['batch', 'sequence']);
    const output = decoded.graph!.output![0]!;
    expect(output.name).toBe('logits');
    expect(output.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 3]);
  });

  it('rejects an opset that lacks LayerNormalization and an unknown precision', () => {
    const model = new SequenceClassifier({ vocabSize: 30, maxLength: 16, numClasses: 3, dModel: D, numHeads: 2, numLayers: 1 });
    expect(() => exportOnnx(model, { opset: 13 })).toThrow('Invalid opset: got 13; expected an integer in [17, 26]');
    expect(() => exportOnnx(model, { precision: 'int4' as 'int8' })).toThrow('Invalid precision: got "int4"');
  });

  it('exports every opset up to MAX_OPSET that ONNX Runtime opens, refuses the next one, and takes null options as defaults', async () => {
    const model = new SequenceClassifier({ vocabSize: 30, maxLength: 16, numClasses: 3, dModel: D, numHeads: 2, numLayers: 1 });
    // opset 99 used to export fine and fail only at session creation, as "no backend could run the model"
    const session = await ort.InferenceSession.create(exportOnnx(model, { opset: MAX_OPSET }));
    await session.release();
    expect(() => exportOnnx(model, { opset: MAX_OPSET + 1 })).toThrow(`Invalid opset: got ${MAX_OPSET + 1}`);
    expect(() => exportOnnx(model, { opset: 99 })).toThrow(ConfigError);
    expect(exportOnnx(model, null as never)).toEqual(exportOnnx(model));
  });
});
