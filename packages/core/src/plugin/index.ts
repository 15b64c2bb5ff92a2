export { definePlugin, type Plugin, type PluginDefinition, type PluginModel } from './define-plugin.js';
export { createRuntime, checkRuntime, openSession, type Runtime, type CreateRuntimeOptions, type TrainableModel } from './runtime.js';
export { train, evaluate, syncModelWeights, type TrainedModel, type PluginFitOptions } from './train.js';
export { exportArtifact, loadPredictor, type Predictor } from './artifact-io.js';
export { readPluginArtifact, type PluginArtifact } from './plugin-artifact.js';
export { checkGraphSignature, type GraphSignature, type TensorSignature, type WeightTableSignature } from './graph-signature.js';
export { checkSettings, checkParameterCount, encoderParameters, MAX_MODEL_PARAMETERS, type SettingChoice, type SettingRange, type SettingRule } from './settings.js';
