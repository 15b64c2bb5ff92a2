export { setupTfjs, type SetupTfjsOptions, type TfjsSetup, type NodeTfjsBackend } from './setup-tfjs.js';
export { FileCheckpointStore } from './file-checkpoint-store.js';
export { createNodeBackend, CUDA_HINT, type NodeBackendOptions } from './onnx-backend.js';
export { saveArtifact, checkArtifactTarget, checkWritableAncestor, loadArtifact, savePackedArtifact, loadPackedArtifact, containedReader } from './artifact/index.js';
export { createTrainingEngine, createOnnxTrainingEngine, type EngineChoice, type NodeTrainingEngineOptions } from './training-engine.js';
export { createNodeRuntime } from './runtime.js';
