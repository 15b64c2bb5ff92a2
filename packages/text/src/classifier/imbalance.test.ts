// Class weights help a rare class: the same model and data with `classWeights: 'balanced'` finds
// more of the minority class (recall), on the real ONNX Runtime training engine.
import { createNodeRuntime } from '@attune/node';
import { expect, it } from 'vitest';
import { imbalancedData } from '../test-support/intents.js';
import { TextClassifier } from './index.js';

it('balanced class weights raise the minority class recall on an imbalanced set', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const train = imbalancedData(600, 1, 0.08);
  const test = imbalancedData(1000, 2, 0.5);
  const recall = async (classWeights: 'none' | 'balanced') => {
    const classifier = await TextClassifier.train(train, {
      runtime, epochs: 3, learningRate: 3e-3, seed: 1,
      config: { dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 32, maxLength: 10, dropout: 0, ngramVocabSize: 1024, ngramDim: 16, classWeights },
    });
    const predictions = await classifier.predict(test.map((e) => e.text));
    await classifier.release();
    const rare = test.map((e, i) => [e, predictions[i]!] as const).filter(([e]) => e.label === 'refund');
    return rare.filter(([, p]) => p.label === 'refund').length / rare.length;
  };
  const plain = await recall('none');
  const balanced = await recall('balanced');
  console.log(`minority recall: ${plain.toFixed(3)} unweighted, ${balanced.toFixed(3)} balanced`);
  expect(balanced).toBeGreaterThan(plain + 0.1);
});
