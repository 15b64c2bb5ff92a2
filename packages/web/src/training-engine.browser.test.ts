// createWebTrainingEngine in real headless Chromium: fit() trains the same small SequenceClassifier
// in the page (WASM, and WebGPU when Chromium gives an adapter) and in Node (onnxruntime-node and
// tfjs-cpu); per-step losses and final weights agree. Plus the device fallback.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // TfjsEngine (the second reference) needs them
import * as tf from '@tensorflow/tfjs-core';
import { fit, SequenceClassifier, TfjsEngine, type NamedArray, type TrainingEngine } from '@attune/core';
import { createOnnxTrainingEngine } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIT_OPTIONS, MODEL_SEED, STEPS, TRAIN_EXAMPLES, TRAINING_CONFIG } from './__fixtures__/training-fixture.js';
import type { TrainingPageApi } from './__fixtures__/training-page.js';
import { fromWire, openBrowserPage, withBrowserPage, type BrowserPage } from './test-support/index.js';

const PAGE = new URL('./__fixtures__/training-page.ts', import.meta.url).pathname;
declare const training: TrainingPageApi; // the page's global, inside page.evaluate

type Run = { engine: string; losses: number[]; weights: NamedArray[] };
type PageRun = Awaited<ReturnType<TrainingPageApi['train']>>;

/** The same fit() as the page's, in Node. */
async function trainInNode(engine: TrainingEngine, model: SequenceClassifier): Promise<Run> {
  const losses: number[] = [];
  await fit(engine, { ...FIT_OPTIONS, train: TRAIN_EXAMPLES(), collate: model.collate, onProgress: (e) => e.type === 'batch' && losses.push(e.loss) });
  const weights = await engine.readWeights();
  engine.dispose();
  model.dispose();
  return { engine: engine.name, losses, weights };
}

function fromPage(run: PageRun): Run {
  if ('error' in run) throw new Error(`the page failed to train: ${run.error}`);
  return { engine: run.engine, losses: run.losses, weights: fromWire<NamedArray[]>(run.weights) };
}

/** Max relative loss difference and max absolute weight difference, checked against the tolerances. */
function expectSameRun(got: Run, want: Run, label: string): { loss: number; weight: number } {
  expect(got.losses).toHaveLength(STEPS);
  expect(got.weights.map((w) => `${w.name} [${w.shape}]`)).toEqual(want.weights.map((w) => `${w.name} [${w.shape}]`));
  const loss = Math.max(...got.losses.map((l, i) => Math.abs(l - want.losses[i]!) / Math.abs(want.losses[i]!)));
  const weight = Math.max(...got.weights.map((w, i) => w.data.reduce((m, v, j) => Math.max(m, Math.abs(v - want.weights[i]!.data[j]!)), 0)));
  console.log(`[attune] ${got.engine} vs ${want.engine}: max relative loss difference ${loss.toExponential(2)}, max weight difference ${weight.toExponential(2)}`);
  expect(loss, `${label}: losses ${got.losses} vs ${want.losses}`).toBeLessThan(1e-4);
  expect(weight, label).toBeLessThan(1e-3);
  return { loss, weight };
}

let browser: BrowserPage;
let gpu: string;
let ortNode: Run;
let tfjsCpu: Run;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const a = new SequenceClassifier(TRAINING_CONFIG, { seed: MODEL_SEED });
  ortNode = await trainInNode(await createOnnxTrainingEngine(a, { threads: 1 }), a);
  const b = new SequenceClassifier(TRAINING_CONFIG, { seed: MODEL_SEED });
  tfjsCpu = await trainInNode(new TfjsEngine(b), b);
  browser = await openBrowserPage(PAGE);
  const info = await browser.page.evaluate(() => training.info());
  gpu = info.gpu;
  console.log(`[attune] Chromium: crossOriginIsolated=${info.crossOriginIsolated}; WebGPU adapter: ${gpu}`);
  console.log(`[attune] Node losses (${ortNode.engine}): ${ortNode.losses.map((l) => l.toFixed(6)).join(', ')}`);
});
afterAll(() => browser?.close());

const trainInPage = async (devices?: Array<'webgpu' | 'wasm'>) => {
  const run = await browser.page.evaluate((d) => training.train(d), devices);
  if (!('error' in run)) console.log(`[attune] page ${run.engine}: engine created in ${run.createMs.toFixed(0)} ms, ${STEPS} steps in ${run.trainMs.toFixed(0)} ms`);
  return run;
};

describe('createWebTrainingEngine in headless Chromium', () => {
  it(`trains ${STEPS} steps on WASM (2 threads) like onnxruntime-node and tfjs in Node`, async () => {
    const run = fromPage(await trainInPage(['wasm']));
    expect(run.engine).toBe('onnxruntime-web-wasm (2 threads)');
    expectSameRun(run, ortNode, 'wasm vs onnxruntime-node');
    expectSameRun(run, tfjsCpu, 'wasm vs tfjs-cpu');
  });

  it('trains on WebGPU when Chromium gives an adapter; otherwise says why and trains on WASM', async () => {
    const auto = await trainInPage(); // the default order: webgpu, then wasm
    if (!('error' in auto) && auto.engine === 'onnxruntime-web-webgpu') {
      expect(auto.messages).toEqual([]);
      expectSameRun(fromPage(auto), ortNode, 'webgpu vs onnxruntime-node');
      expectSameRun(fromPage(auto), tfjsCpu, 'webgpu vs tfjs-cpu');
      return;
    }
    // Not silent: the fallback message carries the reason (no adapter, or the session failed to open).
    console.log(
      `[attune] WebGPU did NOT train here (adapter: ${gpu}); the default order fell back to WASM. Reason: ${
        'error' in auto ? auto.error : auto.messages.join(' | ')
      }`,
    );
    const run = fromPage(auto);
    expect(run.engine).toBe('onnxruntime-web-wasm (2 threads)');
    expect(auto.messages).toHaveLength(1);
    expect(auto.messages[0]).toMatch(/using wasm; webgpu skipped: /);
    expectSameRun(run, ortNode, 'wasm (fallback) vs onnxruntime-node');
  });
});

describe('training beside inference in one page', () => {
  it('steps and inference runs of the page take turns: neither is refused, and training matches onnxruntime-node', async () => {
    const device: 'webgpu' | 'wasm' = gpu === 'none' ? 'wasm' : 'webgpu';
    const run = await browser.page.evaluate((d) => training.trainWhileServing(d), device);
    if ('error' in run) throw new Error(`training beside inference failed on ${device}: ${run.error}`);
    console.log(`[attune] ${run.engine} trained ${STEPS} steps while ${run.runs} inference runs went through on ${run.sessionDevice}`);
    expect(run.sessionDevice).toBe(device);
    expect(run.runs).toBeGreaterThan(0);
    expect(run.losses).toHaveLength(STEPS);
    run.losses.forEach((l, i) => expect(Math.abs(l - ortNode.losses[i]!) / ortNode.losses[i]!).toBeLessThan(1e-4));
  });
});

describe('device fallback in Chromium without a WebGPU adapter', () => {
  it('trains on WASM and says once why WebGPU was skipped; a WebGPU-only request fails with the reason', async () => {
    const [auto, pinned] = await withBrowserPage(PAGE, async (page) => [await page.evaluate(() => training.train()), await page.evaluate(() => training.train(['webgpu']))], {
      webgpu: false,
    });
    const run = fromPage(auto);
    expect(run.engine).toBe('onnxruntime-web-wasm (2 threads)');
    expect(auto.messages).toHaveLength(1);
    expect(auto.messages[0]).toMatch(/onnxruntime-web training: using wasm; webgpu skipped: navigator\.gpu\.requestAdapter\(\) gave no adapter/);
    expectSameRun(run, ortNode, 'wasm (fallback) vs onnxruntime-node');
    expect('error' in pinned && pinned.error).toMatch(/BackendUnavailableError|No backend could run the model/);
    expect('error' in pinned && pinned.error).toMatch(/webgpu\): navigator\.gpu\.requestAdapter\(\) gave no adapter/);
  });
});
