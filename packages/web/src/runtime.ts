import { createRuntime, type OnnxTrainable, type Runtime } from '@attune/core';
import { createWebBackend, type WebBackendOptions } from './onnx-backend.js';
import { createWebTrainingEngine, type WebTrainingEngineOptions } from './training-engine.js';

/**
 * The browser platform for plugins: onnxruntime-web (WebGPU, then WASM) for inference and training.
 * Models keep their initial weights in tfjs variables: the app activates a tfjs backend first
 * (e.g. `@tensorflow/tfjs-backend-cpu` or `-webgl`, then `await tf.setBackend(...)`).
 */
export function createWebRuntime(options: WebBackendOptions & WebTrainingEngineOptions = {}): Runtime {
  return createRuntime({
    backends: [createWebBackend(options)],
    createTrainingEngine: (model) => createWebTrainingEngine(model as OnnxTrainable, options),
  });
}
