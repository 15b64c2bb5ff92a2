import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { it } from 'vitest';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import { buildTrainingGraphs } from './training-graph.js';
import { TfjsEngine } from '../train/tfjs-engine.js';
it('smoke', async () => {
  const m = new SequenceClassifier({ vocabSize: 20, maxLength: 8, numClasses: 3, dModel: 8, numHeads: 2, numLayers: 1, dropout: 0 }, { seed: 1 });
  const graphs = buildTrainingGraphs(m);
  const s = await ort.InferenceSession.create(graphs.train);
  const ids = Int32Array.from([1, 2, 3, 0, 4, 5, 6, 7]);
  const labels = Int32Array.from([0, 2]);
  const feeds: Record<string, ort.Tensor> = { ids: new ort.Tensor('int32', ids, [2, 4]), labels: new ort.Tensor('int32', labels, [2]) };
  for (const w of graphs.weights) {
    feeds[w.name] = new ort.Tensor('float32', w.data, w.dims);
    feeds[w.name + '.m1'] = new ort.Tensor('float32', new Float32Array(w.data.length), w.dims);
    feeds[w.name + '.m2'] = new ort.Tensor('float32', new Float32Array(w.data.length), w.dims);
  }
  const sc = (v: number) => new ort.Tensor('float32', Float32Array.from([v]), []);
  Object.assign(feeds, { lr: sc(1e-3), beta1: sc(0.9), beta2: sc(0.999), epsilon: sc(1e-8), weight_decay: sc(0.01), clip_norm: sc(1), bias_correction1: sc(0.1), bias_correction2: sc(0.001) });
  const out = await s.run(feeds);
  console.log('ORT loss', out.loss!.data[0], 'norm', out.grad_norm!.data[0]);
  const engine = new TfjsEngine(m);
  const r = await engine.step({ ids: { data: ids, shape: [2, 4] }, labels: { data: labels, shape: [2] } }, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1, seed: 0 });
  console.log('TFJS loss', r.loss, 'norm', r.gradNorm);
  const w = await engine.readWeights();
  let worst = 0;
  for (const x of w) { const o = out[x.name + '.next']!.data as Float32Array; for (let i = 0; i < o.length; i++) worst = Math.max(worst, Math.abs(o[i]! - x.data[i]!)); }
  console.log('max weight diff after one step', worst);
});
