// The facade end to end on the real Node runtime: train on ONNX Runtime, predict, save, load, and
// get the same predictions back.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeRuntime, loadArtifact, saveArtifact } from '@attune/node';
import { expect, it } from 'vitest';
import { intentData } from '../test-support/intents.js';
import { TextClassifier } from './index.js';

it('trains on ONNX Runtime, predicts, saves, loads and predicts the same', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const t0 = performance.now();
  const classifier = await TextClassifier.train(intentData(800, 1), {
    runtime,
    validation: intentData(200, 2),
    epochs: 5,
    learningRate: 3e-3,
    seed: 1,
    config: { dModel: 32, numHeads: 2, numLayers: 1, ffnDim: 64, maxLength: 12, dropout: 0 },
    abstain: { targetPrecision: 0.99 },
  });
  expect(classifier.training?.engine).toMatch(/^onnxruntime-node-cpu/);
  const test = intentData(300, 3);
  const metrics = await classifier.evaluate(test);
  console.log(`text classifier on synthetic intents: accuracy ${metrics.accuracy!.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  expect(metrics.accuracy).toBeGreaterThan(0.9);
  expect(classifier.state.abstain?.targetPrecision).toBe(0.99);

  const long = 'why is my card still not here ' + 'please help '.repeat(20);
  const texts = [...test.map((e) => e.text), long, ''];
  const before = await classifier.predict(texts, { batchSize: 7 });
  expect(before.at(-2)!.truncated).toBe(true);
  expect(before[0]!.truncated).toBe(false);
  const accepted = before.slice(0, test.length).filter((p) => p.label !== null);
  expect(accepted.every((p) => p.score >= classifier.state.abstain!.threshold)).toBe(true);

  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-text-')), 'model');
  await classifier.save(dir, saveArtifact);
  const loaded = await TextClassifier.load(dir, runtime, loadArtifact);
  expect(loaded.labels).toEqual(['card', 'refund', 'transfer']);
  const after = await loaded.predict(texts, { batchSize: 32 }); // other batch sizes: padding must not matter
  after.forEach((p, i) => {
    expect(p.label).toBe(before[i]!.label);
    expect(p.truncated).toBe(before[i]!.truncated);
    for (const label of loaded.labels) expect(Math.abs(p.scores[label]! - before[i]!.scores[label]!)).toBeLessThan(1e-4);
  });
  const reloaded = await loaded.evaluate(test);
  expect(reloaded.accuracy).toBeCloseTo(metrics.accuracy!, 2);
  await classifier.release();
  await loaded.release();
});
