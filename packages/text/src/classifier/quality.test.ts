// Quality floors on the real data sets, trained from scratch (no pretrained weights) at CI size:
// the defaults of bench/quality.mjs (a small Transformer: d_model 64, 1 layer, plus the n-gram bag
// pooled as the L2-normalised TF-IDF vector times its embeddings; at most 10 epochs, patience 5),
// sized so the whole package's tests fit the CI budget. Measured with this exact configuration
// (README "Quality"): BANKING77 0.9208 / 0.9208 (floors: the TF-IDF + logistic regression baseline,
// 0.893 / 0.894); THUCNews 0.8724 / 0.8723, above its baseline (0.867 / 0.866) by 0.5 points.
// Training is bit-for-bit repeatable on one machine, but ONNX Runtime picks other kernels on other
// CPUs (AVX2 vs AVX-512) and the epochs amplify the rounding differences, as another seed does:
// seeds 1-3 of this setting gave THUCNews 0.8709, 0.8711 and 0.8649 (one under the baseline), so
// the THUCNews floors stay 0.86, under every seed measured: a real regression still fails, a CPU
// change does not.
import { createNodeRuntime } from '@attune/node';
import { describe, expect, it } from 'vitest';
import { readBanking77, readThucNews } from '../test-support/datasets.js';
import { holdOut } from '../test-support/split.js';
import { TextClassifier, type TextClassifierConfig, type TextExample } from './index.js';

const CI_CONFIG: Partial<TextClassifierConfig> = {
  dModel: 64, numHeads: 4, numLayers: 1, ffnDim: 128, maxLength: 48, ngramVocabSize: 32768, ngramDim: 64, ngramPooling: 'idf',
  branchLoss: 1, members: 2,
};
const EPOCHS = Number(process.env.ATTUNE_TEXT_QUALITY_EPOCHS ?? 10);
// A few minutes each on a quiet 2-core machine; the limit is for a busy one, not a target.
const TIMEOUT = 40 * 60_000;

async function measure(name: string, all: TextExample[], test: TextExample[]) {
  const { train, validation } = holdOut(all, 0.1, 0);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const classifier = await TextClassifier.train(train, {
    runtime: createNodeRuntime({ devices: ['cpu'] }), validation, epochs: EPOCHS, batchSize: 64, learningRate: 2e-3, seed: 0,
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
    const metrics = await measure('BANKING77', readBanking77('train'), readBanking77('test'));
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.893);
    expect(metrics.macroF1).toBeGreaterThanOrEqual(0.894);
  }, TIMEOUT);

  it('THUCNews headlines (train dev, test test): above TF-IDF + logistic regression (measured 0.8724 vs 0.867; floor 0.86, see above)', async () => {
    const metrics = await measure('THUCNews', readThucNews('dev'), readThucNews('test'));
    expect(metrics.accuracy).toBeGreaterThanOrEqual(0.86);
    expect(metrics.macroF1).toBeGreaterThanOrEqual(0.86);
  }, TIMEOUT);
});
