import { OrtTrainingEngine, TfjsEngine, type OnnxTrainable, type OrtModule, type TfjsTrainable, type TrainingEngine } from '@attune/core';
import * as ort from 'onnxruntime-node';
import { setupTfjs } from './setup-tfjs.js';

export type EngineChoice = 'auto' | 'onnxruntime' | 'tfjs';

export interface NodeTrainingEngineOptions {
  /**
   * `auto` (default): ONNX Runtime when the model can emit a training graph (every built-in model
   * can), tfjs otherwise. Measured with `npm run bench` on 2 cores: ~76 ms per reference step on
   * onnxruntime-node (2 threads) against ~335 ms on tfjs-wasm.
   */
  engine?: EngineChoice;
  /** Threads for the chosen engine. Default: all cores (ONNX Runtime), up to 4 (tfjs-wasm). */
  threads?: number;
}

/** ONNX Runtime training engine on onnxruntime-node's CPU provider, with pre-allocated outputs. */
export function createOnnxTrainingEngine(model: OnnxTrainable, options: { threads?: number } = {}): Promise<OrtTrainingEngine> {
  return OrtTrainingEngine.create(model, {
    ort: ort as unknown as OrtModule,
    name: 'onnxruntime-node-cpu',
    preallocateOutputs: true,
    executionProviders: ['cpu'],
    ...(options.threads ? { threads: options.threads } : {}),
  });
}

/**
 * The engine `fit()` should drive for this model in Node. The choice shows in fit's `start` event
 * (`engine`), and `engine` makes it explicit. Plugins call this and never name an engine themselves.
 */
export async function createTrainingEngine(
  model: TfjsTrainable & Partial<OnnxTrainable>,
  options: NodeTrainingEngineOptions = {},
): Promise<TrainingEngine> {
  const choice = options.engine ?? 'auto';
  const onnxCapable = typeof model.emitOnnxLoss === 'function';
  if (choice === 'onnxruntime' || (choice === 'auto' && onnxCapable)) {
    if (!onnxCapable) throw new TypeError('engine "onnxruntime" needs a model with emitOnnxLoss(); this one can only train with "tfjs".');
    return createOnnxTrainingEngine(model as OnnxTrainable, options);
  }
  await setupTfjs(options.threads ? { threads: options.threads } : {});
  return new TfjsEngine(model);
}
