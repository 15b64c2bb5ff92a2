// Multi-label end to end: sigmoid per label, per-label thresholds learned on validation, saved with
// the model, and the same predictions after a reload.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeRuntime, loadArtifact, saveArtifact } from '@attune/node';
import { expect, it } from 'vitest';
import { multiIntentData } from '../test-support/intents.js';
import { TextClassifier } from './index.js';

it('trains a multi-label classifier, learns per-label thresholds, and reloads the same', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const classifier = await TextClassifier.train(multiIntentData(800, 1), {
    runtime, validation: multiIntentData(200, 2), epochs: 6, learningRate: 3e-3, seed: 1,
    config: { multiLabel: true, dModel: 32, numHeads: 2, numLayers: 1, ffnDim: 64, maxLength: 16, dropout: 0, ngramVocabSize: 4096, ngramDim: 16 },
  });
  const test = multiIntentData(300, 3);
  const metrics = await classifier.evaluate(test);
  console.log(`multi-label synthetic intents: ${JSON.stringify(metrics)}`);
  expect(metrics.microF1).toBeGreaterThan(0.95);
  expect(metrics.accuracy).toBeGreaterThan(0.85); // every label of the text right
  expect(classifier.state.thresholds).toHaveLength(3);
  expect(classifier.state.thresholds!.some((t) => t !== 0.5)).toBe(true); // calibrated on validation

  const [none, two] = await classifier.predict(['where is my help today', 'I need a refund for the new card']);
  expect(none!.labels).toEqual([]);
  expect(none!.label).toBeNull();
  expect([...two!.labels!].sort()).toEqual(['card', 'refund']);
  expect(Object.keys(two!.scores)).toEqual(['card', 'refund', 'transfer']);

  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-text-ml-')), 'model');
  await classifier.save(dir, saveArtifact);
  const loaded = await TextClassifier.load(dir, runtime, loadArtifact);
  expect(loaded.state.thresholds).toEqual(classifier.state.thresholds);
  expect(await loaded.evaluate(test)).toEqual(metrics);
  await classifier.release();
  await loaded.release();
});
