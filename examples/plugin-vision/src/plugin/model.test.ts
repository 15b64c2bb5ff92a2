import * as tf from '@tensorflow/tfjs-core';
import { buildTrainingGraphs, exportOnnx, inspectOnnx, type Batch, type StepParams } from '@attune/core';
import { createNodeBackend, createNodeRuntime, createTrainingEngine } from '@attune/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomShifts, shiftImage } from './augment.js';
import { patchify, VisionTransformer } from './model.js';

const config = { imageSize: 28, patchSize: 7, numClasses: 10, dModel: 32, numHeads: 4, numLayers: 2 };
const image = (b: number, seed: number) => Float32Array.from({ length: b * 28 * 28 }, (_, i) => Math.abs(Math.sin(i * 0.37 + seed)));

describe('VisionTransformer', () => {
  beforeAll(async () => {
    await createNodeRuntime().ready(); // a tfjs backend for the weights
  });

  it('cuts images into a row-major grid of row-major patches', () => {
    const side = 4;
    const pixels = tf.tensor3d(Float32Array.from({ length: 16 }, (_, i) => i), [1, side, side]);
    const patches = patchify(pixels, side, 2);
    expect(patches.shape).toEqual([1, 4, 4]);
    // patch 0 = rows 0-1 × cols 0-1; patch 1 = rows 0-1 × cols 2-3; patch 2 = rows 2-3 × cols 0-1
    expect(Array.from(patches.dataSync())).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
    tf.dispose([pixels, patches]);
    expect(() => new VisionTransformer({ ...config, patchSize: 5 })).toThrow('patchSize 5 must be a positive integer that divides imageSize 28');
  });

  it('exports `pixels` → `logits` that match the tfjs forward pass on onnxruntime-node', async () => {
    const model = new VisionTransformer(config, { seed: 4 });
    const onnx = exportOnnx(model);
    expect(inspectOnnx(onnx)).toMatchObject({ inputs: ['pixels'], outputs: ['logits'] });
    const session = await createNodeBackend().createSession(onnx);
    for (const b of [1, 3]) {
      const data = image(b, b);
      const want = tf.tidy(() => model.forward(tf.tensor3d(data, [b, 28, 28])).dataSync() as Float32Array);
      const got = (await session.run({ pixels: { type: 'float32', data, dims: [b, 28, 28] } }))['logits']!;
      expect(got.dims).toEqual([b, 10]);
      let worst = 0;
      (got.data as Float32Array).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
      expect(worst).toBeLessThan(1e-4);
    }
    await session.release();
    model.dispose();
  });

  it('one training step on ONNX Runtime moves the weights as tfjs autodiff does', async () => {
    const graphs = buildTrainingGraphs(new VisionTransformer(config, { seed: 1 }));
    expect(graphs.batchInputs.map((i) => i.name)).toEqual(['pixels', 'labels']);
    const batch: Batch = { pixels: { data: image(4, 9), shape: [4, 28, 28] }, labels: { data: Int32Array.from([1, 7, 3, 0]), shape: [4] } };
    // epsilon 1e-3: Adam's first step is lr·g/(|g|+ε), so near-zero gradients (float noise) stay near-zero updates
    const params: StepParams = { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-3, weightDecay: 0.01, clipNorm: 1, seed: 0 };
    const after = async (engine: 'onnxruntime' | 'tfjs') => {
      const model = new VisionTransformer(config, { seed: 1 });
      const trainer = await createTrainingEngine(model, { engine });
      const { loss } = await trainer.step(batch, params);
      const weights = await trainer.readWeights();
      model.dispose();
      return { loss, weights, name: trainer.name };
    };
    const ort = await after('onnxruntime');
    const tfjs = await after('tfjs');
    expect(ort.name).toMatch(/^onnxruntime/);
    expect(Math.abs(ort.loss - tfjs.loss)).toBeLessThan(1e-4);
    let worst = 0;
    ort.weights.forEach((w, i) => w.data.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - tfjs.weights[i]!.data[j]!)))));
    expect(worst).toBeLessThan(1e-4);
  });

  it('collate checks sizes and labels, and shifts only training batches', () => {
    const model = new VisionTransformer({ ...config, maxShift: 2, background: -1 }, { seed: 0 });
    const ok = { pixels: image(1, 0), label: 3 };
    expect(model.collate([ok]).pixels!.data).toEqual(ok.pixels);
    const shifts = randomShifts(2, 2, 11);
    const shifted = model.collate([ok, ok], { training: true, epoch: 0, seed: 11 }).pixels!.data as Float32Array;
    expect(shifted.subarray(784)).toEqual(shiftImage(ok.pixels, 28, ...shifts[1]!, -1));
    expect(shifts[1]).not.toEqual([0, 0]);
    expect(model.collate([ok, ok], { training: true, epoch: 0, seed: 11 }).pixels!.data).toEqual(shifted); // reproducible
    expect(() => model.collate([{ pixels: new Float32Array(10), label: 0 }])).toThrow('has 10 pixels; expected 28×28 = 784');
    expect(() => model.collate([{ ...ok, label: 10 }])).toThrow('labels must be integers in [0, 10)');
    model.dispose();
  });
});

describe('shiftImage', () => {
  it('moves content by whole pixels and fills the uncovered border', () => {
    const img = Float32Array.from({ length: 9 }, (_, i) => i + 1); // 3×3: 1..9
    expect(Array.from(shiftImage(img, 3, 1, 0, 0))).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]);
    expect(Array.from(shiftImage(img, 3, 0, -1, -5))).toEqual([4, 5, 6, 7, 8, 9, -5, -5, -5]);
    expect(Array.from(shiftImage(img, 3, -1, 1, 0))).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
    expect(randomShifts(50, 2, 3).every(([dx, dy]) => Math.abs(dx) <= 2 && Math.abs(dy) <= 2)).toBe(true);
  });
});
