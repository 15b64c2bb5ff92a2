import { createRuntime, type Runtime } from '@attune/core';
import { createNodeBackend, type NodeBackendOptions } from './onnx-backend.js';
import { setupTfjs } from './setup-tfjs.js';
import { checkNodeEngineOptions, createTrainingEngine, type NodeTrainingEngineOptions } from './training-engine.js';

/**
 * The Node platform for plugins: onnxruntime-node for inference (CUDA, then CPU) and the fastest
 * training engine for each model (ONNX Runtime, or tfjs-wasm for models without a training graph).
 */
export function createNodeRuntime(given: NodeTrainingEngineOptions & NodeBackendOptions = {}): Runtime {
  const options: NodeTrainingEngineOptions & NodeBackendOptions = checkNodeEngineOptions(given);
  return createRuntime({
    backends: [createNodeBackend(options)],
    createTrainingEngine: (model) => createTrainingEngine(model, options),
    // models keep their weights in tfjs variables, whichever engine trains them
    ready: async () => void (await setupTfjs(options.engine === 'tfjs' && options.threads ? { threads: options.threads } : {})),
  });
}
