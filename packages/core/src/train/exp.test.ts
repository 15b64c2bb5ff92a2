import { it } from 'vitest';
import { SequenceClassifier, classificationMetrics } from '../models/sequence-classifier.js';
import { TfjsEngine } from '../train/tfjs-engine.js';
import { fit } from '../train/fit.js';
import { patternTask } from '../test-support/pattern-task.js';
const variant = process.env.V!;
it('exp ' + variant, async () => {
  const train = patternTask(6000, 1), val = patternTask(1000, 2);
  const [drop, pooling, lr, seed] = variant.split(',');
  const model = new SequenceClassifier({ vocabSize: 12, maxLength: 16, numClasses: 2, dModel: 64, numHeads: 4, numLayers: 2, dropout: Number(drop), positional: 'sinusoidal', pooling: pooling as any }, { seed: Number(seed) });
  const engine = new TfjsEngine(model);
  await fit(engine, { train, validation: val, collate: model.collate, metrics: classificationMetrics, epochs: 6, batchSize: 32, learningRate: Number(lr), seed: Number(seed),
    onProgress: (e) => { if (e.type === 'epoch') console.log('RES', variant, e.epoch, e.trainLoss.toFixed(4), e.metrics.accuracy); } });
});
