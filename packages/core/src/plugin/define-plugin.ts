import type { TensorData } from '../backend.js';
import { ConfigError } from '../errors/config-error.js';
import type { CollateContext } from '../train/fit.js';
import type { Batch, EvalResult } from '../train/types.js';
import type { GraphSignature } from './graph-signature.js';
import type { SettingRule } from './settings.js';
import type { TrainableModel } from './runtime.js';

/**
 * What a domain plugin declares. Every function is pure data in, data out: the preprocessing state
 * is plain JSON (it is saved in the artifact's manifest), and the model is rebuilt from state + config.
 *
 * - `Example`: a labelled training example in the user's terms (a text and a label, a click log...).
 * - `Input`/`Prediction`: what `predict` takes and gives back.
 * - `State`: what `prepare` learns from the training data (vocabulary, label names, item ids...).
 * - `Config`: model hyper-parameters the user may set.
 */
export interface PluginDefinition<Example, Input, Prediction, State extends object, Config extends object, Encoded = unknown> {
  /** Stable id, saved in artifacts and checked when loading (e.g. `text-classifier`). */
  id: string;
  /** Semver of the plugin; saved in artifacts. */
  version: string;
  /** Kind of model `buildModel` makes, saved in artifacts (e.g. `sequence-classifier`). */
  modelKind: string;
  /** Default model configuration (merged under the user's). */
  defaultConfig: Config;
  /** Learns the preprocessing state from the training examples; throws InputError for unusable data. */
  prepare(examples: readonly Example[], config: Config): State;
  /** One example in model terms (ids, label index...), used by `collate`. */
  encode(example: Example, state: State, config: Config): Encoded;
  /**
   * The model, with fresh weights from `seed`. Its `collate` builds batches; the context says whether
   * a batch is for training (augment, sample negatives) and gives a per-step seed for that randomness.
   */
  buildModel(state: State, config: Config, seed: number): PluginModel<Encoded>;
  /** Validation and evaluation metrics from the model's eval outputs. */
  metrics(outputs: EvalResult[], examples: readonly Encoded[], state: State): Record<string, number>;
  /** Inference feeds for the exported ONNX model. */
  encodeInputs(inputs: readonly Input[], state: State, config: Config): Record<string, TensorData>;
  /** Predictions from the ONNX model's outputs. */
  decode(outputs: Record<string, TensorData>, inputs: readonly Input[], state: State, config: Config): Prediction[];
  /**
   * Checks preprocessing state read from an artifact before it is used (artifacts come from disk or the
   * network). Return the state, or throw an error that says what is wrong. Optional; recommended.
   */
  validateState?(state: unknown, config: Config): State;
  /**
   * What the exported graph looks like for this state and config (input and output names, types and
   * fixed sizes; the tables a vocabulary sizes). Loaders check an artifact's model.onnx against it, so
   * a model file that does not belong to its manifest is refused at load time. Optional; recommended.
   */
  graphSignature?(state: State, config: Config): GraphSignature;
  /**
   * What each setting may be (numbers within bounds, choices from a list), checked with every key
   * against `defaultConfig` before training prepares anything, so `dModel=1e9` or a typo is a clear
   * error rather than a crash or a silent fallback. Recommended.
   */
  settingRules?: Partial<Record<keyof Config & string, SettingRule>>;
  /**
   * About how many parameters `buildModel` would allocate for this state and config; checked against
   * MAX_MODEL_PARAMETERS after `prepare` and before the model is built. Recommended.
   */
  parameterCount?(state: State, config: Config): number;
}

/** A plugin's trainable model plus the function that turns encoded examples into batches. */
export type PluginModel<Encoded> = TrainableModel & { collate(examples: Encoded[], context?: CollateContext): Batch };

export type Plugin<Example, Input, Prediction, State extends object, Config extends object, Encoded = unknown> = Readonly<
  PluginDefinition<Example, Input, Prediction, State, Config, Encoded>
>;

const ID = /^[a-z0-9][a-z0-9._/@-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const FUNCTIONS = ['prepare', 'encode', 'buildModel', 'metrics', 'encodeInputs', 'decode'] as const;

/** Checks a plugin definition once, up front, with errors that name the field. */
export function definePlugin<Example, Input, Prediction, State extends object, Config extends object, Encoded = unknown>(
  definition: PluginDefinition<Example, Input, Prediction, State, Config, Encoded>,
): Plugin<Example, Input, Prediction, State, Config, Encoded> {
  if (typeof definition.id !== 'string' || !ID.test(definition.id)) {
    throw new ConfigError('plugin.id', definition.id, 'a lower-case id such as "text-classifier"');
  }
  if (typeof definition.version !== 'string' || !SEMVER.test(definition.version)) {
    throw new ConfigError('plugin.version', definition.version, 'a semver version such as "1.0.0"');
  }
  if (typeof definition.modelKind !== 'string' || !ID.test(definition.modelKind)) {
    throw new ConfigError('plugin.modelKind', definition.modelKind, 'a lower-case kind such as "sequence-classifier"');
  }
  for (const name of FUNCTIONS) {
    if (typeof definition[name] !== 'function') throw new ConfigError(`plugin.${name}`, typeof definition[name], 'a function');
  }
  for (const name of ['validateState', 'graphSignature', 'parameterCount'] as const) {
    if (definition[name] !== undefined && typeof definition[name] !== 'function') throw new ConfigError(`plugin.${name}`, typeof definition[name], 'a function or undefined');
  }
  return Object.freeze({ ...definition });
}
