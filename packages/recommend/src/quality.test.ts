// Quality floors on real data (CI-sized): MovieLens latest-small, leave-one-out by time, SASRec
// trained on ONNX Runtime with the defaults for the benchmark's 30 epochs, scored through the
// exported graph under both protocols. Floors come from measured runs (README "Quality",
// test-support/quality-run.ts): just under the lowest run, near the PyTorch SASRec reference's figures.
import { createNodeRuntime } from '@attune/node';
import { expect, it } from 'vitest';
import { readMovieLensSmall } from './test-support/datasets.js';
import { Recommender } from './index.js';
import { CI_QUALITY_RUN, QUALITY_FLOORS } from './test-support/quality-run.js';

it('MovieLens latest-small: above the floors set from measured runs under full ranking and 100 sampled negatives (test-support/quality-run.ts)', async () => {
  const t0 = performance.now();
  const rec = await Recommender.train(readMovieLensSmall(), { runtime: createNodeRuntime({ devices: ['cpu'], onFallback: () => {} }), ...CI_QUALITY_RUN });
  const result = await rec.evaluate();
  const { model, popularity } = result;
  console.log(
    `ml-latest-small (${result.users} users, ${CI_QUALITY_RUN.epochs} epochs, ${((performance.now() - t0) / 1000).toFixed(0)} s): ` +
      `sampled HR@10 ${model.sampled.hitRate.toFixed(4)} NDCG@10 ${model.sampled.ndcg.toFixed(4)}; ` +
      `full HR@10 ${model.full.hitRate.toFixed(4)} NDCG@10 ${model.full.ndcg.toFixed(4)} ` +
      `(popularity: sampled ${popularity.sampled.hitRate.toFixed(4)}/${popularity.sampled.ndcg.toFixed(4)}, full ${popularity.full.hitRate.toFixed(4)}/${popularity.full.ndcg.toFixed(4)})`,
  );
  expect(result.users).toBe(610);
  expect(model.sampled.hitRate).toBeGreaterThanOrEqual(QUALITY_FLOORS.sampled.hitRate);
  expect(model.sampled.ndcg).toBeGreaterThanOrEqual(QUALITY_FLOORS.sampled.ndcg);
  expect(model.full.hitRate).toBeGreaterThanOrEqual(QUALITY_FLOORS.full.hitRate);
  expect(model.full.ndcg).toBeGreaterThanOrEqual(QUALITY_FLOORS.full.ndcg);
  await rec.release();
}, 1_800_000); // a few minutes on a quiet 2-core machine; the limit leaves room for a busy one
