import path from 'node:path';
import { artifactTrainingState, InputError, readPluginArtifact, TRAINING_STATE_JSON, type Artifact, type Runtime, type TrainedModel } from '@attune/core';
import { loadArtifact } from '@attune/node';
import type { CliAdapter } from '../plugins/adapter.js';
import type { Registry } from '../plugins/registry.js';

/**
 * An artifact from disk (validated: schema, sizes, hashes, paths) and the adapter of the plugin that
 * made it, with its model.onnx checked against the manifest by that plugin (`readPluginArtifact`).
 */
export async function openArtifact(dir: string, registry: Registry, cwd = process.cwd()): Promise<{ artifact: Artifact; adapter: CliAdapter; dir: string }> {
  const full = path.resolve(cwd, dir);
  const artifact = await loadArtifact(full);
  const adapter = registry.byPluginId(artifact.manifest.plugin.id);
  readPluginArtifact(adapter.plugin, artifact);
  return { artifact, adapter, dir: full };
}

/**
 * Refuses an inference-only artifact (exported with --no-training-state) for a command that needs
 * the full-precision weights of its training state, saying what to use instead.
 */
export function requireTrainingState(artifact: Artifact, doing: string, verb: string): void {
  if (artifact.files.has(TRAINING_STATE_JSON)) return;
  throw new InputError(`This artifact is inference-only (exported with --no-training-state), and ${doing} needs its training state; ${verb} the artifact it was exported from.`);
}

/**
 * The artifact's model rebuilt for training-engine evaluation: the plugin's model from the saved
 * state and config, with the saved weights written into an engine. Needs the artifact's training state.
 */
export async function rebuildTrained(adapter: CliAdapter, artifact: Artifact, runtime: Runtime): Promise<TrainedModel<object, object>> {
  const { plugin } = adapter;
  requireTrainingState(artifact, 'evaluating', 'evaluate');
  const { config, state, seed } = readPluginArtifact(plugin, artifact);
  const trainingState = artifactTrainingState(artifact);
  await runtime.ready();
  const model = plugin.buildModel(state, config, seed);
  const engine = await runtime.createTrainingEngine(model);
  engine.writeState(trainingState);
  return {
    plugin: { id: plugin.id, version: plugin.version, modelKind: plugin.modelKind },
    state,
    config,
    seed,
    model,
    engine,
    result: { engine: engine.name, history: [], epochsRun: 0, globalStep: trainingState.step, stoppedEarly: false, restoredBest: false },
  };
}
