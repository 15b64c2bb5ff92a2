import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors/input-error.js';
import { fit, type FitOptions, type FitResult } from '../train/fit.js';
import type { TrainingEngine } from '../train/engine.js';
import { EVAL_COLLATE_CONTEXT } from '../train/fit.js';
import type { Plugin, PluginModel } from './define-plugin.js';
import { checkRuntime, type Runtime, type TrainableModel } from './runtime.js';
import { checkParameterCount, checkSettings } from './settings.js';

/** A model trained by a plugin, ready to evaluate, export, or train further. */
export interface TrainedModel<State extends object, Config extends object, Encoded = unknown> {
  plugin: { id: string; version: string; modelKind: string };
  state: State;
  config: Config;
  seed: number;
  model: PluginModel<Encoded>;
  engine: TrainingEngine;
  result: FitResult;
}

export type PluginFitOptions = Omit<FitOptions<unknown>, 'train' | 'validation' | 'collate' | 'metrics'> & {
  /** Seed of the initial weights, shuffling and dropout. Default 0. */
  seed?: number;
};

/** prepare → encode → buildModel → fit, for any plugin, on whichever engine the runtime picks. */
export async function train<E, I, P, S extends object, C extends object, X>(
  plugin: Plugin<E, I, P, S, C, X>,
  runtime: Runtime,
  examples: readonly E[],
  options: PluginFitOptions & { validation?: readonly E[]; config?: Partial<C> },
): Promise<TrainedModel<S, C, X>> {
  checkRuntime(runtime);
  if (!Array.isArray(examples) || examples.length === 0) throw new InputError(`${plugin.id}: training needs at least one example; got none.`);
  const config = { ...plugin.defaultConfig, ...(options.config ?? {}) } as C;
  checkSettings(plugin, options.config ?? {}, config); // before any work: a typo or dModel=1e9 fails here
  const state = plugin.prepare(examples, config);
  if (plugin.parameterCount) checkParameterCount(plugin.id, plugin.parameterCount(state, config));
  const seed = options.seed ?? 0;
  await runtime.ready();
  const model = plugin.buildModel(state, config, seed);
  const engine = await runtime.createTrainingEngine(model);
  const encoded = examples.map((e) => plugin.encode(e, state, config));
  const validation = options.validation?.map((e) => plugin.encode(e, state, config));
  const { validation: _v, config: _c, ...fitOptions } = options;
  const result = await fit(engine, {
    ...fitOptions,
    seed,
    train: encoded,
    ...(validation?.length ? { validation } : {}),
    collate: (xs, context) => model.collate(xs, context),
    metrics: (outputs, xs) => plugin.metrics(outputs, xs, state),
  });
  return { plugin: { id: plugin.id, version: plugin.version, modelKind: plugin.modelKind }, state, config, seed, model, engine, result };
}

/** Metrics of a trained model on held-out examples (eval mode, batched). */
export async function evaluate<E, I, P, S extends object, C extends object, X>(
  plugin: Plugin<E, I, P, S, C, X>,
  trained: TrainedModel<S, C, X>,
  examples: readonly E[],
  batchSize = 64,
): Promise<Record<string, number> & { loss: number }> {
  if (examples.length === 0) throw new InputError(`${plugin.id}: evaluation needs at least one example; got none.`);
  const encoded = examples.map((e) => plugin.encode(e, trained.state, trained.config));
  const outputs = [];
  let loss = 0;
  for (let i = 0; i < encoded.length; i += batchSize) {
    const chunk = encoded.slice(i, i + batchSize);
    const out = await trained.engine.evaluate(trained.model.collate(chunk, EVAL_COLLATE_CONTEXT));
    loss += out.loss * chunk.length;
    outputs.push(out);
  }
  return { ...plugin.metrics(outputs, encoded, trained.state), loss: loss / encoded.length };
}

/**
 * Copies the engine's weights into the model's variables. An ONNX Runtime engine keeps the weights
 * in its own buffers, so the tfjs module (which ONNX export reads) must catch up before exporting.
 */
export async function syncModelWeights(model: TrainableModel, engine: TrainingEngine): Promise<void> {
  const byName = new Map((await engine.readWeights()).map((w) => [w.name, w]));
  for (const [name, variable] of model.namedParameters()) {
    const w = byName.get(name);
    if (w) tf.tidy(() => variable.assign(tf.tensor(w.data, w.shape, 'float32')));
  }
}
