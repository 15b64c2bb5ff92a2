export { buildTrainingGraphs, type OnnxTrainable, type TrainingGraphs } from './training-graph.js';
export { differentiate } from './autodiff.js';
export { GRAD_RULES, type GradRule } from './grad-rules.js';
export { GraphView } from './graph-view.js';
export { sumToShape } from './sum-to-shape.js';
export { emitAdamW, STEP_INPUTS, nextName, momentName } from './adamw-graph.js';
export { bindDims, resolveDims, fillDropoutMask, maskSeed } from './dropout-masks.js';
export { OrtTrainingEngine, type OrtTrainingEngineOptions, type OrtModule } from './ort-training-engine.js';
