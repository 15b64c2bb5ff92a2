// `@attune/web`: the browser platform binding (ONNX Runtime Web, WebGPU then WASM).
export { createWebBackend, WEBGPU_HINT, type WebBackendOptions } from './onnx-backend.js';
export { loadArtifactFromUrl, clearArtifactCache, createSessionFromArtifact, type LoadArtifactFromUrlOptions, type FetchFunction } from './artifact/index.js';
export { createWebTrainingEngine, type WebTrainingEngineOptions, type WebTrainingDevice } from './training-engine.js';
export { createWebRuntime } from './runtime.js';
export { captureMicrophone, type CaptureMicrophoneOptions, type MicrophoneCapture } from './microphone/index.js';
