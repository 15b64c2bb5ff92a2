export { setupTfjs, type SetupTfjsOptions, type TfjsSetup, type NodeTfjsBackend } from './setup-tfjs.js';
export { FileCheckpointStore } from './file-checkpoint-store.js';
export { createNodeBackend, CUDA_HINT, type NodeBackendOptions } from './onnx-backend.js';
