// A model whose token axis is computed inside the graph (an image cut into patches) has no batch input
// that names `sequence`; it fixes the dim itself with g.bindDim so dropout masks can still be sized.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import type { EmitContext } from '../onnx/emit.js';
import { ADAMW_DEFAULTS } from '../train/adamw.js';
import { OrtTrainingEngine } from './ort-training-engine.js';
import { buildTrainingGraphs, type OnnxTrainable } from './training-graph.js';

const PATCHES = 4;
const PATCH = 3;

/** pixels [B, 12] → patches [B, 4, 3] → dropout → linear [B, 4, 1] → mean → squared error. */
class PatchRegressor implements OnnxTrainable {
  readonly name = 'patch-regressor';
  readonly drop = new Dropout(0.5, { name: 'drop' });
  readonly head = new Linear({ inFeatures: PATCH, outFeatures: 1 }, { name: 'head', seed: 3 });

  emitOnnxLoss(ctx: EmitContext) {
    const { g } = ctx;
    g.bindDim('sequence', PATCHES);
    const pixels = g.input('pixels', 'float32', ['batch', PATCHES * PATCH]);
    const target = g.input('target', 'float32', ['batch']);
    const patches = g.op('Reshape', [pixels, g.constant('int64', [0, PATCHES, PATCH])]);
    const dropped = this.drop.emitOnnx(ctx, patches, ['batch', 'sequence', PATCH]);
    const perPatch = this.head.emitOnnx(ctx, dropped); // [B, 4, 1]
    const output = g.op('ReduceMean', [perPatch, g.constant('int64', [1, 2])], { keepdims: 0 }); // [B]
    const error = g.op('Sub', [output, target]);
    const loss = g.op('ReduceMean', [g.op('Mul', [error, error])], { keepdims: 0 });
    return { loss, output };
  }
}

describe('dims a model fixes itself', () => {
  it('size the dropout masks of a training graph whose inputs never name them', async () => {
    const model = new PatchRegressor();
    expect(buildTrainingGraphs(model).fixedDims).toEqual({ sequence: PATCHES });
    const engine = await OrtTrainingEngine.create(model, { ort, name: 'onnxruntime-node-cpu', threads: 1 });
    const batch = {
      pixels: { data: Float32Array.from({ length: 2 * 12 }, (_, i) => (i % 5) / 5), shape: [2, 12] },
      target: { data: Float32Array.of(1, -1), shape: [2] },
    };
    const params = { ...ADAMW_DEFAULTS, learningRate: 1e-2, clipNorm: 0, seed: 7 };
    const first = await engine.step(batch, params);
    expect(first.applied).toBe(true);
    expect(Number.isFinite(first.loss)).toBe(true);
    engine.dispose();
  });
});
