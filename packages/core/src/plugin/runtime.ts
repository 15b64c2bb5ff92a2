import type { Backend, Session, SessionOptions } from '../backend.js';
import { BackendUnavailableError } from '../backend.js';
import { ConfigError } from '../errors/config-error.js';
import { checkSessionOptions } from '../session-options.js';
import type { Module } from '../nn/module.js';
import type { OnnxTrainable } from '../onnx-train/training-graph.js';
import type { TrainingEngine } from '../train/engine.js';
import type { TfjsTrainable } from '../train/tfjs-engine.js';

/** A model core's training engines can drive: tfjs autodiff and the ONNX Runtime training graph. */
export type TrainableModel = Module & TfjsTrainable & Partial<OnnxTrainable>;

/**
 * Everything a plugin needs from the platform, passed in rather than imported, so one plugin runs in
 * Node and in the browser: `@attune/node`'s `createNodeRuntime()` and `@attune/web`'s runtime build it.
 */
export interface Runtime {
  /** Inference backends, tried in order. */
  readonly backends: readonly Backend[];
  /** The training engine for a model on this platform (ONNX Runtime where it can, tfjs otherwise). */
  createTrainingEngine(model: TrainableModel): Promise<TrainingEngine>;
  /** Resolves once the platform can build models (a tfjs backend is active); `train` awaits it. */
  ready(): Promise<void>;
}

export interface CreateRuntimeOptions {
  backends: Backend[];
  createTrainingEngine: (model: TrainableModel) => Promise<TrainingEngine>;
  /** Platform set-up that model building needs (e.g. choosing a tfjs backend). Run once, lazily. */
  ready?: () => Promise<void>;
}

/** Explicit registration (no import side effects): the platform says which backends and engine exist. */
export function createRuntime(options: CreateRuntimeOptions): Runtime {
  if (!Array.isArray(options.backends) || options.backends.length === 0) {
    throw new TypeError('createRuntime needs at least one backend, e.g. createNodeBackend() from @attune/node.');
  }
  let readyOnce: Promise<void> | undefined;
  return {
    backends: [...options.backends],
    createTrainingEngine: options.createTrainingEngine,
    ready: () => (readyOnce ??= options.ready?.() ?? Promise.resolve()),
  };
}

/**
 * Refuses a missing or wrong `runtime` argument up front: without it every entry point would fail
 * later with a bare TypeError ("reading 'ready'") from deep inside.
 */
export function checkRuntime(runtime: unknown): asserts runtime is Runtime {
  const r = runtime as Partial<Runtime> | null | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.backends) || typeof r.createTrainingEngine !== 'function' || typeof r.ready !== 'function') {
    throw new ConfigError('runtime', runtime, 'a Runtime: createNodeRuntime() from @attune/node or createWebRuntime() from @attune/web');
  }
}

/**
 * Opens `model` on the first backend that can run it, collecting every backend's failure (each
 * backend already resolves its own devices: CUDA then CPU, WebGPU then WASM).
 */
export async function openSession(runtime: Runtime, model: Uint8Array, options?: SessionOptions): Promise<Session> {
  checkRuntime(runtime);
  checkSessionOptions(options); // a bad setting is the caller's error, not every backend's failure
  const failures: BackendUnavailableError['failures'] = [];
  for (const backend of runtime.backends) {
    try {
      return await backend.createSession(model, options);
    } catch (error) {
      if (error instanceof BackendUnavailableError) failures.push(...error.failures);
      else failures.push({ backend: backend.name, device: 'any', reason: (error as Error).message });
    }
  }
  throw new BackendUnavailableError(failures);
}
