// Browser entry for training-engine.browser.test.ts: puts `training.*` on globalThis for page.evaluate.
// The model is built in the page: core is isomorphic, and tfjs (CPU backend) only holds its initial weights.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { exportOnnx, fit, SequenceClassifier } from '@attune/core';
import { createWebBackend } from '../onnx-backend.js';
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
  /**
   * fit() on `device` while an inference session of the same page runs the model over and over:
   * every run of both must go through (onnxruntime-web refuses a run while another is in flight).
   */
  async trainWhileServing(device: WebTrainingDevice) {
    await tf.setBackend('cpu');
    const model = new SequenceClassifier(TRAINING_CONFIG, { seed: MODEL_SEED });
    try {
      const session = await createWebBackend({ wasmPaths: '/ort/' }).createSession(exportOnnx(model), { devices: [device], onFallback: () => {} });
      const engine = await createWebTrainingEngine(model, { devices: [device], wasmPaths: '/ort/', threads: 2 });
      let training = true;
      let runs = 0;
      const ids = { type: 'int32' as const, data: Int32Array.from({ length: 2 * 8 }, (_, i) => 1 + (i % 11)), dims: [2, 8] };
      const serving = (async () => {
        while (training) {
          await session.run({ ids });
          runs += 1;
        }
      })();
      try {
        const losses: number[] = [];
        await fit(engine, { ...FIT_OPTIONS, train: TRAIN_EXAMPLES(), collate: model.collate, onProgress: (e) => e.type === 'batch' && losses.push(e.loss) });
        training = false;
        await serving;
        return { engine: engine.name, sessionDevice: session.device, losses, runs };
      } finally {
        training = false;
        await serving.catch(() => undefined);
        engine.dispose();
        await session.release();
      }
    } catch (error) {
      return { error: String((error as Error).stack ?? error) };
    } finally {
      model.dispose();
    }
  },
};

(globalThis as { training?: typeof api }).training = api;
export type TrainingPageApi = typeof api;
