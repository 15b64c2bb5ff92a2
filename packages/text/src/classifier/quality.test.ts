// Quality floors on the real data sets, trained from scratch (no pretrained weights) at CI size:
// the defaults of bench/quality.mjs (a small Transformer: d_model 64, 1 layer, plus the n-gram bag
// pooled as the L2-normalised TF-IDF vector times its embeddings; patience 5), sized so the whole
// package's tests fit the CI budget. BANKING77 trains 10 epochs (its validation accuracy peaks at
// epoch 8); THUCNews 4: run for 10, its validation accuracy peaked at epoch 2 and the learning rate
// was still high there, so the cosine schedule now ends near that peak. Measured with this exact
// configuration (README "Quality"): BANKING77 0.9208 / 0.9208 (floors: the TF-IDF + logistic
// regression baseline, 0.893 / 0.894); THUCNews 0.8740 / 0.8738 (floors: its baseline, 0.867 /
// 0.866). Training is bit-for-bit repeatable on one machine, but ONNX Runtime picks other kernels
// on other CPUs (AVX2 vs AVX-512), which moves the result as another seed does: seeds 1-3 of the
// THUCNews setting gave 0.8742, 0.8745 and 0.8748 (at 10 epochs they spread from 0.8649 to 0.8724,
// which is why its floor used to sit under the baseline).
import { createNodeRuntime } from '@attune/node';
import { describe, expect, it } from 'vitest';
import { readBanking77, readThucNews } from '../test-support/datasets.js';
import { holdOut } from '../test-support/split.js';
import { TextClassifier, type TextClassifierConfig, type TextExample } from './index.js';

const CI_CONFIG: Partial<TextClassifierConfig> = {
  dModel: 64, numHeads: 4, numLayers: 1, ffnDim: 128, maxLength: 48, ngramVocabSize: 32768, ngramDim: 64, ngramPooling: 'idf',
  branchLoss: 1, members: 2,
};
const epochs = (measured: number) => Number(process.env.ATTUNE_TEXT_QUALITY_EPOCHS ?? measured);
// A few minutes each on a quiet 2-core machine; the limit is for a busy one, not a target.
const TIMEOUT = 40 * 60_000;

async function measure(name: string, all: TextExample[], test: TextExample[], epochCount: number) {
  const { train, validation } = holdOut(all, 0.1, 0);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const classifier = await TextClassifier.train(train, {
    runtime: createNodeRuntime({ devices: ['cpu'] }), validation, epochs: epochCount, batchSize: 64, learningRate: 2e-3, seed: 0,
    config: CI_CONFIG, earlyStopping: { monitor: 'accuracy', patience: 5 },
    onProgress: (e) => {
      if (e.type === 'epoch') console.log(`${name} epoch ${e.epoch}: val accuracy ${e.metrics.accuracy?.toFixed(4)}, ${e.seconds.toFixed(1)} s`);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6; // ONNX Runtime's threads included: robust to other jobs' load
  const metrics = await classifier.evaluate(test);
  const { bestEpoch, epochsRun } = classifier.training!;
  console.log(
    `${name} (CI size, ${epochsRun} epochs, best ${bestEpoch}): test accuracy ${metrics.accuracy!.toFixed(4)}, macro-F1 ${metrics.macroF1!.toFixed(4)}, ` +
      `training ${seconds.toFixed(0)} s wall, ${cpuSeconds.toFixed(0)} CPU s`,
  );
  await classifier.release();
  return metrics;
}

describe('text classifier quality on real data (CI size)', () => {
  it('BANKING77: beats TF-IDF + logistic regression (0.893 accuracy, 0.894 macro-F1)', async () => {
    const metrics = await measure('BANKING77', readBanking77('train'), readBanking77('test'), epochs(10));
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.893);
    expect(metrics.macroF1).toBeGreaterThanOrEqual(0.894);
  }, TIMEOUT);

  it('THUCNews headlines (train dev, test test): beats TF-IDF + logistic regression (0.867 accuracy, 0.866 macro-F1)', async () => {
    const metrics = await measure('THUCNews', readThucNews('dev'), readThucNews('test'), epochs(4));
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.867);
    expect(metrics.macroF1).toBeGreaterThanOrEqual(0.866);
  }, TIMEOUT);
});
