// Browser entry for training-engine.browser.test.ts: puts `training.*` on globalThis for page.evaluate.
// The model is built in the page: core is isomorphic, and tfjs (CPU backend) only holds its initial weights.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { fit, SequenceClassifier } from '@attune/core';
import { createWebTrainingEngine, type WebTrainingDevice } from '../training-engine.js';
import { toWire } from '../test-support/wire.js';
import { FIT_OPTIONS, MODEL_SEED, TRAIN_EXAMPLES, TRAINING_CONFIG } from './training-fixture.js';

const api = {
  async info() {
    const adapter = (await navigator.gpu?.requestAdapter()) as { info?: { vendor: string; architecture: string; isFallbackAdapter?: boolean } } | null;
    const gpu = adapter?.info ? `${adapter.info.vendor} ${adapter.info.architecture}${adapter.info.isFallbackAdapter ? ' (fallback adapter)' : ''}` : adapter ? 'yes' : 'none';
    return { crossOriginIsolated, gpu };
  },
  /** Trains the fixture model with fit() on `devices`; returns losses, final weights, the engine name and timings, or the error. */
  async train(devices?: WebTrainingDevice[]) {
    await tf.setBackend('cpu');
    const messages: string[] = [];
    const model = new SequenceClassifier(TRAINING_CONFIG, { seed: MODEL_SEED });
    const started = performance.now();
    try {
      const engine = await createWebTrainingEngine(model, {
        ...(devices ? { devices } : {}),
        wasmPaths: '/ort/', // served by the test server, as an app would: never from a CDN
        threads: 2,
        onFallback: (m) => messages.push(m),
      });
      const created = performance.now();
      const losses: number[] = [];
      try {
        const result = await fit(engine, {
          ...FIT_OPTIONS,
          train: TRAIN_EXAMPLES(),
          collate: model.collate,
          onProgress: (e) => e.type === 'batch' && losses.push(e.loss),
        });
        const weights = await engine.readWeights();
        return {
          engine: engine.name,
          fitEngine: result.engine,
          messages,
          losses,
          weights: toWire(weights),
          createMs: created - started,
          trainMs: performance.now() - created,
        };
      } finally {
        engine.dispose();
      }
    } catch (error) {
      return { messages, error: String((error as Error).stack ?? error) };
    } finally {
      model.dispose();
    }
  },
};

(globalThis as { training?: typeof api }).training = api;
export type TrainingPageApi = typeof api;
