// The same SASRec three ways: tfjs forward/loss (and autodiff), the ONNX Runtime training graph, and
// the exported inference graph on onnxruntime-node, on the same weights and batches.
import { exportOnnx, TfjsEngine, toTensors } from '@attune/core';
import { createNodeBackend, createOnnxTrainingEngine, setupTfjs } from '@attune/node';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SasRec, type SasRecConfig } from './sasrec.js';

const numItems = 30;
const base: SasRecConfig = {
  numItems, maxLength: 8, dModel: 16, numHeads: 2, numLayers: 2, ffnDim: 16, dropout: 0, loss: 'softmax', negatives: 12, initStd: 0.3, block: 'pre-ln',
  popularity: Float32Array.from({ length: numItems + 1 }, (_, i) => (i === 0 ? 0 : (i * 7) % 11)),
};
const sequences = [
  { items: Int32Array.of(3, 1, 4, 1, 5, 9, 2, 6, 5, 3) },
  { items: Int32Array.of(27, 18, 28) },
  { items: Int32Array.of(11, 12, 13, 14, 15) },
];
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

beforeAll(async () => {
  await setupTfjs();
});

describe('SasRec parity', () => {
  const variants = [
    { loss: 'softmax', sampling: 'uniform' },
    { loss: 'softmax', sampling: 'popularity' },
    { loss: 'bce', sampling: 'uniform' },
    { loss: 'bce', sampling: 'uniform', block: 'sasrec' },
    { loss: 'softmax', sampling: 'uniform', block: 'sasrec' },
    { loss: 'bce', sampling: 'uniform', block: 'post-ln' },
    { loss: 'softmax', sampling: 'uniform', negatives: 'all' },
  ] as const;
  for (const variant of variants) {
    const { loss, sampling } = variant;
    const block = 'block' in variant ? variant.block : 'pre-ln';
    const negatives = 'negatives' in variant ? variant.negatives : base.negatives;
    it(`${loss} (${negatives === 'all' ? 'all items' : sampling}, ${block} block): ONNX Runtime training graph matches tfjs in loss, eval output and gradient norm`, async () => {
      const model = new SasRec({ ...base, loss, sampling, block, negatives }, { seed: 5 });
      const batch = model.collate(sequences, { training: true, epoch: 0, seed: 9 });
      const ortEngine = await createOnnxTrainingEngine(model, { devices: ['cpu'], threads: 1 });
      const tfjsEngine = new TfjsEngine(model);
      const [a, b] = [await ortEngine.evaluate(batch), await tfjsEngine.evaluate(batch)];
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-4);
      expect(a.outputShape).toEqual([3, numItems + 1]);
      expect(maxDiff(a.output, b.output)).toBeLessThan(1e-4);
      const params = { learningRate: 1e-3, beta1: 0.9, beta2: 0.98, epsilon: 1e-8, weightDecay: 0, clipNorm: 0, seed: 1 };
      const [sa, sb] = [await ortEngine.step(batch, params), await tfjsEngine.step(batch, params)];
      expect(Math.abs(sa.loss - sb.loss)).toBeLessThan(1e-4);
      expect(Math.abs(sa.gradNorm - sb.gradNorm) / sb.gradNorm).toBeLessThan(1e-3);
      ortEngine.dispose();
      tfjsEngine.dispose();
      model.dispose();
    });
  }

  it.each(['sasrec', 'post-ln'] as const)('the exported graph of the %s block scores like tfjs', async (block) => {
    const model = new SasRec({ ...base, block }, { seed: 3 });
    const session = await createNodeBackend().createSession(exportOnnx(model), { devices: ['cpu'] });
    const width = numItems + 1;
    const ids = Int32Array.of(0, 0, 0, 3, 1, 4, 1, 2, 3, 4, 5, 6); // [2, 6], left-padded
    const out = await session.run({
      ids: { type: 'int32', data: ids, dims: [2, 6] },
      allowed: { type: 'float32', data: new Float32Array(2 * width).fill(1), dims: [2, width] },
      k: { type: 'int64', data: BigInt64Array.of(3n), dims: [1] },
    });
    const expected = tf.tidy(() => model.predict(toTensors({ ids: { data: ids, shape: [2, 6] } })).dataSync());
    expect(maxDiff(out['scores']!.data as Float32Array, expected)).toBeLessThan(1e-4);
    await session.release();
    model.dispose();
  });

  it('the exported graph scores like tfjs, falls back to popularity for an empty history and takes top-k of the allowed items', async () => {
    const model = new SasRec(base, { seed: 2 });
    const session = await createNodeBackend().createSession(exportOnnx(model), { devices: ['cpu'] });
    const width = numItems + 1;
    const ids = Int32Array.of(0, 0, 0, 3, 1, 4, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6); // [3, 6], left-padded; row 1 empty
    const allowed = new Float32Array(3 * width).fill(1);
    for (let r = 0; r < 3; r++) allowed[r * width] = 0;
    allowed[width + 5] = 0; // row 1 may not get item 5
    const out = await session.run({
      ids: { type: 'int32', data: ids, dims: [3, 6] },
      allowed: { type: 'float32', data: allowed, dims: [3, width] },
      k: { type: 'int64', data: BigInt64Array.of(4n), dims: [1] },
    });
    const expected = tf.tidy(() => model.predict(toTensors({ ids: { data: ids, shape: [3, 6] } })).dataSync());
    const scores = out['scores']!.data as Float32Array;
    expect(maxDiff(scores.subarray(0, width), expected.subarray(0, width))).toBeLessThan(1e-4);
    expect(maxDiff(scores.subarray(2 * width), expected.subarray(2 * width))).toBeLessThan(1e-4);
    expect(Array.from(scores.subarray(width, 2 * width))).toEqual(Array.from(base.popularity)); // empty history
    const top = Array.from(out['top_items']!.data as BigInt64Array, Number);
    const rowTop = (r: number) => {
      const row = Array.from(scores.subarray(r * width, (r + 1) * width)).map((s, i) => ({ s, i }));
      return row.filter(({ i }) => allowed[r * width + i] === 1).sort((x, y) => y.s - x.s || x.i - y.i).slice(0, 4).map(({ i }) => i);
    };
    expect(top.slice(0, 4)).toEqual(rowTop(0));
    expect(top.slice(4, 8)).toEqual(rowTop(1));
    expect(top.slice(4, 8)).not.toContain(5);
    expect(top.slice(4, 8)).not.toContain(0);
    await session.release();
    model.dispose();
  });
});
