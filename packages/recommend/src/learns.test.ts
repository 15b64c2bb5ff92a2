// End to end on the real Node runtime: train on ONNX Runtime, learn a next-item pattern the
// popularity baseline cannot, serve through the exported graph, save, load, agree.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeRuntime, loadArtifact, saveArtifact } from '@attune/node';
import { expect, it } from 'vitest';
import { cycleLog } from './test-support/synthetic.js';
import { Recommender } from './index.js';

it('learns a next-item pattern on ONNX Runtime, beats popularity, and reloads to the same answers', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const t0 = performance.now();
  const rec = await Recommender.train(cycleLog(200, 40, 12), {
    runtime,
    epochs: 30,
    batchSize: 32,
    learningRate: 5e-3,
    seed: 3,
    config: { maxLength: 12, dModel: 32, numLayers: 1, ffnDim: 32, dropout: 0.1, loss: 'softmax', negatives: 'all' }, // BCE is the quality test's
  });
  expect(rec.training?.engine).toMatch(/^onnxruntime-node-cpu/);
  const result = await rec.evaluate();
  console.log(`cycle pattern: full HR@10 ${result.model.full.hitRate.toFixed(3)} (popularity ${result.popularity.full.hitRate.toFixed(3)}), ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  expect(result.users).toBe(200);
  expect(result.model.full.hitRate).toBeGreaterThan(0.9);
  expect(result.model.full.ndcg).toBeGreaterThan(result.popularity.full.ndcg + 0.3);

  const next = await rec.recommend(['i5', 'i6', 'i7'], { k: 3 });
  expect(next.items[0]!.item).toBe('i8');
  expect(next.unknownItems).toBe(0);

  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'attune-recommend-')), 'model');
  await rec.save(dir, saveArtifact);
  const loaded = await Recommender.load(dir, runtime, loadArtifact);
  const again = await loaded.recommend(['i5', 'i6', 'i7'], { k: 3 });
  expect(again.items.map((x) => x.item)).toEqual(next.items.map((x) => x.item));
  again.items.forEach((x, i) => expect(Math.abs(x.score - next.items[i]!.score)).toBeLessThan(1e-4));
  await rec.release();
  await loaded.release();
});

it('trains on every stretch of histories longer than maxLength, counting each interaction once', async () => {
  const runtime = createNodeRuntime({ devices: ['cpu'] });
  const log = cycleLog(20, 40, 60); // 60-62 interactions per user; the model reads 6
  const sequencesSeen = async (wholeHistories: boolean) => {
    let count = 0;
    const rec = await Recommender.train(log, {
      runtime, epochs: 1, seed: 1, validate: false, wholeHistories,
      config: { maxLength: 6, dModel: 16, numLayers: 1, ffnDim: 16 },
      onProgress: (e) => {
        if (e.type === 'start') count = e.trainExamples;
      },
    });
    const popularity = [...rec.state.popularity];
    await rec.release();
    return { count, popularity };
  };
  const whole = await sequencesSeen(true);
  const newest = await sequencesSeen(false);
  // 58-60 training items per user in stretches of 7 overlapping by one: 10 examples per user, not 1
  expect(newest.count).toBe(21); // 20 users + the held-out items' catalogue-only example
  expect(whole.count).toBe(20 * 10 + 1);
  expect(whole.popularity).toEqual(newest.popularity);
});
