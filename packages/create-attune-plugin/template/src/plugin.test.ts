import { evaluate, exportArtifact, exportOnnx, loadPredictor, Rng, train } from '@attune/core';
import { createMockBackend } from '@attune/core/testing';
import { createNodeRuntime } from '@attune/node';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { plugin, SeriesTransformer, type LabelledSeries } from './index.js';

/** Synthetic series: rising, falling or oscillating, with noise. Replace with your data. */
function makeData(count: number, seed: number): LabelledSeries[] {
  const rng = new Rng(seed);
  const labels = ['falling', 'rising', 'wave'];
  return Array.from({ length: count }, (_, i) => {
    const label = labels[i % 3]!;
    const values = Array.from({ length: 32 }, (_, t) => {
      const signal = label === 'rising' ? t / 8 : label === 'falling' ? -t / 8 : 2 * Math.sin(t / 2);
      return signal + (rng.next() - 0.5);
    });
    return { values, label };
  });
}

describe('{{pluginId}}', () => {
  it('trains on ONNX Runtime, exports, and predicts through onnxruntime-node', async () => {
    const runtime = createNodeRuntime();
    const trained = await train(plugin, runtime, makeData(600, 1), { validation: makeData(90, 2), epochs: 4, batchSize: 32, learningRate: 3e-3 });
    const metrics = await evaluate(plugin, trained, makeData(150, 3));
    expect(metrics['accuracy']).toBeGreaterThan(0.9);
    const artifact = await exportArtifact(trained);
    expect(artifact.manifest.preprocessing).toEqual(trained.state);
    const predictor = await loadPredictor(plugin, artifact, runtime);
    const test = makeData(30, 4);
    const predictions = await predictor.predict(test);
    expect(predictions.filter((p, i) => p.label === test[i]!.label).length).toBeGreaterThanOrEqual(27);
    await predictor.release();
  });

  it('exports an ONNX graph that matches the tfjs forward pass', async () => {
    const model = new SeriesTransformer({ length: 32, frameSize: 4, numClasses: 3, dModel: 32, numHeads: 4, numLayers: 2 }, { seed: 5 });
    const input = Float32Array.from({ length: 2 * 32 }, (_, i) => Math.sin(i));
    const expected = tf.tidy(() => model.forward(tf.tensor2d(input, [2, 32])).dataSync() as Float32Array);
    const runtime = createNodeRuntime();
    await runtime.ready();
    const session = await runtime.backends[0]!.createSession(exportOnnx(model));
    const got = (await session.run({ series: { type: 'float32', data: input, dims: [2, 32] } }))['logits']!.data as Float32Array;
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-4));
    await session.release();
  });

  it('encodes inputs and decodes outputs (mock backend), and rejects bad input clearly', async () => {
    const runtime = createNodeRuntime();
    const trained = await train(plugin, runtime, makeData(60, 1), { epochs: 1 });
    const mock = createMockBackend((feeds) => {
      const [b] = feeds['series']!.dims as [number];
      return { logits: { type: 'float32', data: Float32Array.from({ length: b * 3 }, (_, i) => (i % 3 === 2 ? 5 : 0)), dims: [b, 3] } };
    });
    const predictor = await loadPredictor(plugin, await exportArtifact(trained), { ...runtime, backends: [mock] });
    expect((await predictor.predict(makeData(2, 9))).map((p) => p.label)).toEqual(['wave', 'wave']);
    expect(mock.calls[0]!['series']!.dims).toEqual([2, 32]);
    await expect(predictor.predict([{ values: [1, 2, 3] }])).rejects.toThrow('Input 0 has 3 values; this model takes series of 32.');
    await expect(predictor.predict([{ values: Array(32).fill(Number.NaN) }])).rejects.toThrow('every value must be a finite number');
  });
});
