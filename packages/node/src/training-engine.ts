import {
  checkDevices,
  checkThreads,
  ConfigError,
  OrtTrainingEngine,
  resolveDevice,
  TfjsEngine,
  type DeviceKind,
  type OnnxTrainable,
  type OrtModule,
  type TfjsTrainable,
  type TrainingEngine,
} from '@attune/core';
import * as ort from 'onnxruntime-node';
import { nodeDevices } from './onnx-backend.js';
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
  /** ONNX Runtime devices to try in order. Default `['cuda', 'cpu']`: CUDA when its provider is installed. */
  devices?: DeviceKind[];
  /** Told once when a preferred device was skipped, and why. Default console.warn. */
  onFallback?: (message: string) => void;
  /** Where onnxruntime-node's native libraries are (for the CUDA check). Default: the installed package. */
  binaryDir?: string;
}

/**
 * ONNX Runtime training engine on onnxruntime-node: CUDA when its provider is installed and a GPU
 * answers (untested here: no GPU; weights then cross to the device each step), else the CPU, where
 * ONNX Runtime writes updated weights straight into pre-allocated buffers.
 */
export async function createOnnxTrainingEngine(
  model: OnnxTrainable,
  options: Pick<NodeTrainingEngineOptions, 'threads' | 'devices' | 'onFallback' | 'binaryDir'> = {},
): Promise<OrtTrainingEngine> {
  const devices = options.devices ?? ['cuda', 'cpu'];
  return resolveDevice(
    'onnxruntime-node',
    devices,
    await nodeDevices(options.binaryDir),
    (device) =>
      OrtTrainingEngine.create(model, {
        ort: ort as unknown as OrtModule,
        name: `onnxruntime-node-${device}`,
        preallocateOutputs: device === 'cpu',
        executionProviders: [device === 'cuda' ? 'cuda' : 'cpu'],
        ...(options.threads ? { threads: options.threads } : {}),
      }),
    options.onFallback ?? ((m) => console.warn(m)),
  );
}

const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'onnxruntime', 'tfjs'];

/**
 * Refuses engine, device and thread settings that cannot work, when the runtime is made (not at the
 * first training step, where `threads: 100000` hung and `devices: []` read as "no device answered").
 */
export function checkNodeEngineOptions(options: NodeTrainingEngineOptions | null | undefined): NodeTrainingEngineOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ConfigError('runtime options', options, 'an object such as { devices: [\'cpu\'], threads: 2 }');
  if (options.engine !== undefined && !ENGINE_CHOICES.includes(options.engine)) {
    throw new ConfigError('engine', options.engine, ENGINE_CHOICES.map((e) => `'${e}'`).join(', '));
  }
  if (options.devices !== undefined) checkDevices(options.devices, 'devices');
  if (options.threads !== undefined) checkThreads(options.threads, 'threads');
  if (options.onFallback !== undefined && typeof options.onFallback !== 'function') throw new ConfigError('onFallback', options.onFallback, 'a function (message) => void');
  return options;
}

/**
 * The engine `fit()` should drive for this model in Node. The choice shows in fit's `start` event
 * (`engine`), and `engine` makes it explicit. Plugins call this and never name an engine themselves.
 */
export async function createTrainingEngine(
  model: TfjsTrainable & Partial<OnnxTrainable>,
  options: NodeTrainingEngineOptions = {},
): Promise<TrainingEngine> {
  checkNodeEngineOptions(options);
  const choice = options.engine ?? 'auto';
  const onnxCapable = typeof model.emitOnnxLoss === 'function';
  if (choice === 'onnxruntime' || (choice === 'auto' && onnxCapable)) {
    if (!onnxCapable) throw new TypeError('engine "onnxruntime" needs a model with emitOnnxLoss(); this one can only train with "tfjs".');
    return createOnnxTrainingEngine(model as OnnxTrainable, options);
  }
  await setupTfjs(options.threads ? { threads: options.threads } : {});
  return new TfjsEngine(model);
}
