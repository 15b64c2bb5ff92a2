import type { TensorData } from '../backend.js';
import { createArtifact } from '../artifact/create-artifact.js';
import type { Artifact } from '../artifact/artifact.js';
import { ONNX_FILE } from '../artifact/manifest.js';
import { ConfigError } from '../errors/config-error.js';
import { exportOnnx, type ExportOptions } from '../onnx/export.js';
import type { OnnxExportable } from '../onnx/export.js';
import type { Plugin } from './define-plugin.js';
import { readPluginArtifact } from './plugin-artifact.js';
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
  const { config, state } = readPluginArtifact(plugin, artifact);
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
