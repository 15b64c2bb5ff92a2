// The exported recommender graph on onnxruntime-web (its WASM build, here in Node) gives the same
// scores and top-k as onnxruntime-node: what a browser runs is what was measured in Node.
import { exportOnnx } from '@attune/core';
import { createNodeBackend, setupTfjs } from '@attune/node';
import { createWebBackend } from '@attune/web';
import { beforeAll, expect, it } from 'vitest';
import { SasRec } from './model/sasrec.js';

beforeAll(async () => {
  await setupTfjs(); // the model's weights live in tfjs variables
});

it('runs on onnxruntime-web (WASM) with the scores and top-k of onnxruntime-node', async () => {
  const numItems = 50;
  const model = new SasRec(
    {
      numItems, maxLength: 10, dModel: 16, numHeads: 2, numLayers: 2, ffnDim: 16, dropout: 0, loss: 'bce', negatives: 1, initStd: 0.3, block: 'pre-ln',
      popularity: Float32Array.from({ length: numItems + 1 }, (_, i) => (i * 13) % 7),
    },
    { seed: 4 },
  );
  const onnx = exportOnnx(model);
  const ids = Int32Array.of(0, 0, 0, 0, 0, 0, 7, 3, 9, 1, /* empty history */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const allowed = new Float32Array(2 * (numItems + 1)).fill(1);
  allowed[0] = allowed[numItems + 1] = 0;
  const feeds = {
    ids: { type: 'int32' as const, data: ids, dims: [2, 10] },
    allowed: { type: 'float32' as const, data: allowed, dims: [2, numItems + 1] },
    k: { type: 'int64' as const, data: BigInt64Array.of(5n), dims: [1] },
  };
  const web = await createWebBackend({ numThreads: 1 }).createSession(onnx, { devices: ['wasm'] });
  const node = await createNodeBackend().createSession(onnx, { devices: ['cpu'] });
  const [a, b] = [await web.run(feeds), await node.run(feeds)];
  const scoresA = a['scores']!.data as Float32Array;
  const scoresB = b['scores']!.data as Float32Array;
  expect(Math.max(...scoresA.map((v, i) => Math.abs(v - scoresB[i]!)))).toBeLessThan(1e-4);
  // The same top items, up to near ties: where two items' scores are within rounding of each other
  // another kernel may rank them the other way round, so compare the scores (in Node's figures) of
  // the items each backend ranked at each place, not the item ids themselves.
  const topA = Array.from(a['top_items']!.data as BigInt64Array, Number);
  const topB = Array.from(b['top_items']!.data as BigInt64Array, Number);
  expect(topA).toHaveLength(topB.length);
  const row = (p: number) => Math.floor(p / 5) * (numItems + 1);
  topA.forEach((item, p) => expect(Math.abs(scoresB[row(p) + item]! - scoresB[row(p) + topB[p]!]!)).toBeLessThan(1e-4));
  await web.release();
  await node.release();
  model.dispose();
});
