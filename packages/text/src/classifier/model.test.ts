// The fused model's three forms agree: the tfjs forward pass and loss, the exported ONNX inference
// graph, and the ONNX Runtime training engine's eval graph (which shares the training graph's loss).
import * as tf from '@tensorflow/tfjs-core';
import { exportOnnx, toTensors, type Batch } from '@attune/core';
import { createNodeBackend, createNodeRuntime } from '@attune/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { collateText, type TextEncoded } from './encoded.js';
import { TextClassifierModel, type TextModelConfig } from './model.js';

const base: TextModelConfig = {
  vocabSize: 50, maxLength: 10, numClasses: 4, dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 32, dropout: 0.1,
  positional: 'learned', pooling: 'mean', ngramBuckets: 97, ngramDim: 8, members: 1, multiLabel: false, labelSmoothing: 0,
};

function examples(multiLabel: boolean): TextEncoded[] {
  // varied lengths, one text with no n-grams at all, padding in both inputs
  const rows: Array<[number[], number[], number[]]> = [
    [[2, 7, 9, 3], [5, 17, 96], [1]],
    [[2, 11, 3], [], [0, 3]],
    [[2, 4, 5, 6, 8, 12, 3], [1, 2, 3, 4, 5, 6, 7], []],
    [[2, 49, 3], [50], [2]],
  ];
  return rows.map(([ids, ngrams, labels]) => ({
    ids, ngrams: Int32Array.from(ngrams), label: labels[0] ?? 0, ...(multiLabel ? { labels } : {}),
  }));
}

beforeAll(() => createNodeRuntime({ devices: ['cpu'] }).ready()); // a tfjs backend for the reference forward pass

async function check(config: TextModelConfig): Promise<void> {
  const model = new TextClassifierModel(config, { seed: 3 });
  const batch: Batch = collateText(examples(config.multiLabel), { ...config, ngrams: config.ngramBuckets > 0, ngramDropout: 0 });
  const tfInputs = toTensors(batch);
  const expected = (await model.predict(tfInputs).data()) as Float32Array;
  const expectedLoss = (await model.loss(tfInputs, {}).data())[0]!;

  const session = await createNodeBackend().createSession(exportOnnx(model), { devices: ['cpu'] });
  const { labels: _, ...feeds } = batch;
  const out = await session.run(
    Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, { type: 'int32', data: v.data, dims: v.shape }])),
  );
  const logits = out['logits']!.data as Float32Array;
  expect(out['logits']!.dims).toEqual([4, config.numClasses]);
  expect(logits.every(Number.isFinite)).toBe(true);
  logits.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
  await session.release();

  const engine = await createNodeRuntime({ devices: ['cpu'] }).createTrainingEngine(model);
  const evaluated = await engine.evaluate(batch);
  expect(Math.abs(evaluated.loss - expectedLoss)).toBeLessThan(1e-4);
  evaluated.output.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
  tf.dispose(Object.values(tfInputs));
  model.dispose();
}

describe('TextClassifierModel: tfjs, exported ONNX and the ONNX Runtime engine agree', () => {
  it('multi-class with the n-gram branch, label smoothing and class weights', () =>
    check({ ...base, labelSmoothing: 0.1, classWeights: [1, 2, 0.5, 4] }));
  it('a two-member ensemble (log of the mean probabilities)', () => check({ ...base, members: 2 }));
  it('per-branch losses', () => check({ ...base, members: 2, branchLoss: 0.5, labelSmoothing: 0.1 }));
  it('multi-label sigmoid loss with positive weights', () => check({ ...base, multiLabel: true, classWeights: [1, 3, 1, 2] }));
  it('IDF-weighted, L2-normalised n-gram bag', () =>
    check({ ...base, members: 2, branchLoss: 1, ngramWeights: Array.from({ length: 97 }, (_, i) => (i === 0 ? 0 : 1 + (i % 5) / 2)) }));
  it('without the n-gram branch', () => check({ ...base, ngramBuckets: 0 }));
});

it('training on ONNX Runtime lowers the loss with every option on', async () => {
  const model = new TextClassifierModel({ ...base, members: 2, labelSmoothing: 0.1, classWeights: [1, 2, 1, 1] }, { seed: 1 });
  const engine = await createNodeRuntime({ devices: ['cpu'] }).createTrainingEngine(model);
  const batch = collateText(examples(false), { ...base, ngrams: true, ngramDropout: 0 });
  const first = (await engine.evaluate(batch)).loss;
  const params = { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clipNorm: 1, seed: 0 };
  for (let s = 0; s < 30; s++) expect((await engine.step(batch, { ...params, seed: s })).applied).toBe(true);
  expect((await engine.evaluate(batch)).loss).toBeLessThan(first * 0.5);
});

it('n-gram dropout thins training batches only, the same way for the same step seed', () => {
  const o = { ...base, ngrams: true, ngramDropout: 0.5 };
  const many = Array.from({ length: 8 }, (_, i) => ({ ids: [2, 3], ngrams: Int32Array.from({ length: 40 }, (_, k) => 1 + ((i + k) % 96)), label: 0 }));
  const count = (b: Batch) => Array.from(b['ngrams']!.data).filter((x) => x !== 0).length;
  const train = collateText(many, o, { training: true, epoch: 0, seed: 7 });
  expect(count(train)).toBeGreaterThan(8 * 40 * 0.3);
  expect(count(train)).toBeLessThan(8 * 40 * 0.7);
  expect(collateText(many, o, { training: true, epoch: 0, seed: 7 })).toEqual(train);
  expect(count(collateText(many, o, { training: false, epoch: 0, seed: 7 }))).toBe(8 * 40);
  const single = collateText([{ ids: [2], ngrams: Int32Array.of(5), label: 0 }], { ...o, ngramDropout: 0.99 }, { training: true, epoch: 0, seed: 1 });
  expect(Array.from(single['ngrams']!.data)).toEqual([5]); // never empties a text
});
