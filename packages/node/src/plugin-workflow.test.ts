// A plugin's whole life in Node on the real runtime: train on ONNX Runtime, evaluate, export the
// artifact, save it atomically, load it back and predict on onnxruntime-node.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluate, exportArtifact, loadPredictor, train } from '@attune/core';
import { toyPlugin, type ToyExample } from '@attune/core/testing';
import { expect, it } from 'vitest';
import { loadArtifact, saveArtifact } from './artifact/index.js';
import { createNodeRuntime } from './runtime.js';

const words = ['red', 'green', 'blue', 'cat', 'dog', 'sun', 'moon', 'tree'];
function data(n: number, seed: number): ToyExample[] {
  let s = seed;
  const rand = (k: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 16) % k; // high bits: an LCG's low bits cycle
  return Array.from({ length: n }, () => {
    const tokens = Array.from({ length: 3 + rand(6) }, () => words[rand(words.length)]!);
    // the label needs order: does "cat" come before "dog"?
    const cat = tokens.indexOf('cat');
    const dog = tokens.lastIndexOf('dog');
    return { tokens, label: cat >= 0 && dog > cat ? 'cat-then-dog' : 'other' };
  });
}

it('trains on ONNX Runtime, saves, loads and predicts through the plugin API', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const trained = await train(toyPlugin, runtime, data(3000, 1), { validation: data(300, 2), epochs: 6, learningRate: 3e-3, seed: 1 });
  expect(trained.result.engine).toMatch(/^onnxruntime-node-cpu/);
  const metrics = await evaluate(toyPlugin, trained, data(500, 3));
  console.log(`toy plugin on onnxruntime: held-out accuracy ${metrics.accuracy!.toFixed(3)}`);
  expect(metrics.accuracy).toBeGreaterThan(0.9);

  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-plugin-')), 'model');
  await saveArtifact(dir, await exportArtifact(trained, { metrics: { accuracy: metrics.accuracy! } }));
  const artifact = await loadArtifact(dir);
  expect(artifact.manifest.metrics).toEqual({ accuracy: metrics.accuracy });
  const predictor = await loadPredictor(toyPlugin, artifact, runtime);
  expect(predictor.device).toBe('cpu');
  const test = data(500, 3);
  const predictions = await predictor.predict(test.map((e) => e.tokens));
  const accuracy = predictions.filter((p, i) => p.label === test[i]!.label).length / test.length;
  // the served model is the trained one: the same accuracy as evaluate() on the same examples
  expect(accuracy).toBeCloseTo(metrics.accuracy!, 2);
  expect(predictions.every((p) => p.score > 0.5 && p.score <= 1)).toBe(true);
  await predictor.release();
});
