export { captureMicrophone, type CaptureMicrophoneOptions, type MicrophoneCapture } from './capture.js';
export { captureWorkletSource, CAPTURE_PROCESSOR } from './worklet-source.js';
