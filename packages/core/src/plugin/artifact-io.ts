import type { TensorData } from '../backend.js';
import { createArtifact } from '../artifact/create-artifact.js';
import type { Artifact } from '../artifact/artifact.js';
import { ONNX_FILE } from '../artifact/manifest.js';
import { ArtifactError } from '../artifact/artifact-error.js';
import { ConfigError } from '../errors/config-error.js';
import { exportOnnx, type ExportOptions } from '../onnx/export.js';
import type { OnnxExportable } from '../onnx/export.js';
import type { Plugin } from './define-plugin.js';
import { openSession, type Runtime } from './runtime.js';
import { syncModelWeights, type TrainedModel } from './train.js';

/** A trained model as an artifact: model.onnx, the plugin's state and config, metrics, training state. */
export async function exportArtifact<S extends object, C extends object, X>(
  trained: TrainedModel<S, C, X>,
  options: ExportOptions & {
    metrics?: Record<string, number>;
    /**
     * Metrics measured after training (e.g. accuracy on a held-out test split), saved next to the
     * best epoch's metrics (or next to `metrics` when given) rather than instead of them.
     */
    extraMetrics?: Record<string, number>;
    /** Preprocessing state to save instead of the trained one (e.g. with a threshold calibrated after training). */
    state?: S;
  } = {},
): Promise<Artifact> {
  await syncModelWeights(trained.model, trained.engine);
  const { metrics, extraMetrics, state, ...exportOptions } = options;
  return createArtifact({
    plugin: { id: trained.plugin.id, version: trained.plugin.version },
    model: { kind: trained.plugin.modelKind, config: { ...trained.config, seed: trained.seed } },
    preprocessing: state ?? trained.state,
    metrics: { ...(metrics ?? lastMetrics(trained)), ...extraMetrics },
    onnx: exportOnnx(trained.model as unknown as OnnxExportable, exportOptions),
    trainingState: await trained.engine.readState(),
  });
}

/** Metrics of the epoch whose weights the model has: the best one when early stopping restored it. */
function lastMetrics(trained: Pick<TrainedModel<object, object>, 'result'>): Record<string, number> {
  const { history, restoredBest, bestEpoch } = trained.result;
  const last = restoredBest && bestEpoch !== undefined ? history.find((h) => h.epoch === bestEpoch) : history.at(-1);
  if (!last) return {};
  return { ...last.metrics, trainLoss: last.trainLoss, ...(last.valLoss !== undefined ? { valLoss: last.valLoss } : {}) };
}

/** Runs an artifact's model through the plugin's encode/decode on the runtime's first working backend. */
export interface Predictor<Input, Prediction> {
  readonly device: string;
  predict(inputs: readonly Input[]): Promise<Prediction[]>;
  release(): Promise<void>;
}

export async function loadPredictor<E, I, P, S extends object, C extends object, X>(
  plugin: Plugin<E, I, P, S, C, X>,
  artifact: Artifact,
  runtime: Runtime,
  /** Inputs per runtime call; larger lists are split and the predictions joined in order. Default 64. */
  { batchSize = 64 }: { batchSize?: number } = {},
): Promise<Predictor<I, P>> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'a positive integer');
  const { plugin: saved, model } = artifact.manifest;
  if (saved.id !== plugin.id) {
    throw new ArtifactError('invalid-manifest', `This artifact was made by plugin "${saved.id}", not "${plugin.id}"; load it with that plugin.`);
  }
  if (model.kind !== plugin.modelKind) {
    throw new ArtifactError('invalid-manifest', `This artifact holds a "${model.kind}" model; ${plugin.id} builds "${plugin.modelKind}".`);
  }
  const config = { ...plugin.defaultConfig, ...(model.config as Partial<C>) } as C;
  const state = readState(plugin, artifact.manifest.preprocessing, config);
  const session = await openSession(runtime, artifact.files.get(ONNX_FILE)!);
  return {
    device: session.device,
    async predict(inputs) {
      const predictions: P[] = [];
      for (let start = 0; start < inputs.length; start += batchSize) {
        const batch = inputs.slice(start, start + batchSize);
        const outputs: Record<string, TensorData> = await session.run(plugin.encodeInputs(batch, state, config));
        predictions.push(...plugin.decode(outputs, batch, state, config));
      }
      return predictions;
    },
    release: () => session.release(),
  };
}

/** The artifact's preprocessing state, checked by the plugin when it can; any failure is an artifact error. */
function readState<S extends object, C extends object>(plugin: Plugin<any, any, any, S, C, any>, raw: unknown, config: C): S {
  if (!plugin.validateState) return raw as S;
  try {
    return plugin.validateState(raw, config);
  } catch (error) {
    throw new ArtifactError('invalid-manifest', `The artifact's preprocessing state is not usable by ${plugin.id}: ${(error as Error).message}`);
  }
}
