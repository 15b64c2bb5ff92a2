// The loop end to end on a real sequence task: an encoder learns, from scratch, whether a sequence
// contains a bigram anywhere, to at least 99% accuracy on examples it never saw. (Sinusoidal
// positions make "the previous token" easy to attend to; dropout slows this small task down.)
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { classificationMetrics, SequenceClassifier } from '../models/sequence-classifier.js';
import { patternTask } from '../test-support/pattern-task.js';
import { fit } from './fit.js';
import { TfjsEngine } from './tfjs-engine.js';
import type { ProgressEvent } from './events.js';

it('learns the bigram task to >= 99% held-out accuracy with flat tensor memory', async () => {
  const train = patternTask(6000, 1);
  const validation = patternTask(500, 2);
  const test = patternTask(1000, 3);
  const model = new SequenceClassifier(
    { vocabSize: 12, maxLength: 16, numClasses: 2, dModel: 64, numHeads: 4, numLayers: 2, dropout: 0, positional: 'sinusoidal' },
    { seed: 1 },
  );
  const engine = new TfjsEngine(model);
  const tensorsAfterEpoch: number[] = [];
  const events: ProgressEvent[] = [];
  const result = await fit(engine, {
    train,
    validation,
    collate: model.collate,
    metrics: classificationMetrics,
    epochs: 5,
    batchSize: 32,
    learningRate: 3e-3,
    seed: 1,
    earlyStopping: { monitor: 'valLoss', patience: 2 },
    countTokens: (b) => b['ids']!.data.length,
    onProgress: (e) => {
      events.push(e);
      if (e.type === 'epoch') tensorsAfterEpoch.push(tf.memory().numTensors);
    },
  });

  let correct = 0;
  for (let i = 0; i < test.length; i += 250) {
    const chunk = test.slice(i, i + 250);
    const { output, outputShape } = await engine.evaluate(model.collate(chunk));
    const metrics = classificationMetrics([{ loss: 0, output, outputShape }], chunk);
    correct += metrics['accuracy']! * chunk.length;
  }
  const testAccuracy = correct / test.length;
  console.log(`bigram task: test accuracy ${testAccuracy.toFixed(4)} after ${result.epochsRun} epochs (best ${result.bestEpoch})`);
  expect(testAccuracy).toBeGreaterThanOrEqual(0.99);

  // no tensor leaks: the count is the same after every epoch
  expect(new Set(tensorsAfterEpoch).size).toBe(1);

  // progress events: start, one per batch with throughput and ETA, one per epoch, end
  expect(events[0]).toMatchObject({ type: 'start', engine: 'tfjs-wasm', stepsPerEpoch: 188 });
  const batch = events.find((e) => e.type === 'batch');
  expect(batch).toMatchObject({ type: 'batch', epoch: 0, batch: 0 });
  if (batch?.type === 'batch') {
    expect(batch.tokensPerSecond).toBeGreaterThan(0);
    expect(batch.etaSeconds).toBeGreaterThan(0);
  }
  expect(events.at(-1)).toMatchObject({ type: 'end', restoredBest: true });
  engine.dispose();
  model.dispose();
});
