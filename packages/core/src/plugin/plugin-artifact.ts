import type { Artifact } from '../artifact/artifact.js';
import { ArtifactError } from '../artifact/artifact-error.js';
import { ONNX_FILE } from '../artifact/manifest.js';
import type { Plugin } from './define-plugin.js';
import { checkGraphSignature } from './graph-signature.js';
import { checkParameterCount, checkSettings } from './settings.js';

/** An artifact's manifest read for one plugin: its config (defaults filled in), state and seed. */
export interface PluginArtifact<S extends object, C extends object> {
  config: C;
  state: S;
  seed: number;
}

/**
 * The one gate every loader passes (predictors, evaluation, export, serving and its hot reload, the
 * CLI's inspect): the artifact must come from this plugin and kind, its preprocessing state must
 * pass the plugin's own check, and its model.onnx must fit that state and config (the plugin's
 * `graphSignature`). Every refusal is an ArtifactError.
 */
export function readPluginArtifact<S extends object, C extends object>(plugin: Plugin<any, any, any, S, C, any>, artifact: Artifact): PluginArtifact<S, C> {
  const { plugin: saved, model, preprocessing } = artifact.manifest;
  if (saved.id !== plugin.id) {
    throw new ArtifactError('invalid-manifest', `This artifact was made by plugin "${saved.id}", not "${plugin.id}"; load it with that plugin.`);
  }
  if (model.kind !== plugin.modelKind) {
    throw new ArtifactError('invalid-manifest', `This artifact holds a "${model.kind}" model; ${plugin.id} builds "${plugin.modelKind}".`);
  }
  const { seed: rawSeed, ...savedConfig } = model.config as Record<string, unknown>;
  const config = { ...plugin.defaultConfig, ...(savedConfig as Partial<C>) } as C;
  const state = readState(plugin, preprocessing, config);
  try {
    // a manifest's settings obey the same rules as a user's (unknown keys aside: older plugins may have saved other ones),
    // so an edited `dModel` cannot make `buildModel` allocate without bound when eval or export rebuilds the model
    checkSettings(plugin, {}, config);
    if (plugin.parameterCount) checkParameterCount(plugin.id, plugin.parameterCount(state, config));
  } catch (error) {
    throw new ArtifactError('invalid-manifest', `The artifact's model.config is not usable by ${plugin.id}: ${(error as Error).message}`, { cause: error });
  }
  if (plugin.graphSignature) {
    let signature;
    try {
      signature = plugin.graphSignature(state, config);
    } catch (error) {
      throw new ArtifactError('invalid-manifest', `The artifact's manifest does not describe a model ${plugin.id} can build: ${(error as Error).message}`, { cause: error });
    }
    checkGraphSignature(signature, artifact.files.get(ONNX_FILE)!, plugin.id);
  }
  return { config, state, seed: typeof rawSeed === 'number' ? rawSeed : 0 };
}

/** The artifact's preprocessing state, checked by the plugin when it can; any failure is an artifact error. */
function readState<S extends object, C extends object>(plugin: Plugin<any, any, any, S, C, any>, raw: unknown, config: C): S {
  if (!plugin.validateState) return raw as S;
  try {
    return plugin.validateState(raw, config);
  } catch (error) {
    throw new ArtifactError('invalid-manifest', `The artifact's preprocessing state is not usable by ${plugin.id}: ${(error as Error).message}`, { cause: error });
  }
}
