// The model artifact: manifest + model.onnx + training state, as a directory or one packed file.
export type { Artifact } from './artifact.js';
export { ArtifactError, type ArtifactErrorReason } from './artifact-error.js';
export { ARTIFACT_PATH_PATTERN, MANIFEST_FILE, checkArtifactPath } from './artifact-path.js';
export {
  ARTIFACT_FORMAT_VERSION,
  ONNX_FILE,
  TRAINING_STATE_BIN,
  TRAINING_STATE_JSON,
  manifestSchema,
  serializeManifest,
  validateManifest,
  type ArtifactFileEntry,
  type ArtifactManifest,
} from './manifest.js';
export { MANIFEST_LIMITS } from './manifest-limits.js';
export { createArtifact, type CreateArtifactOptions } from './create-artifact.js';
export { readArtifact, type ArtifactFileReader } from './read-artifact.js';
export { packArtifact, unpackArtifact } from './pack-artifact.js';
export { encodeTrainingState, decodeTrainingState } from './training-state-codec.js';
export { artifactTrainingState, hasTrainingState, loadArtifactWeights, restoreTrainingState } from './restore-training-state.js';
export { sha256Hex } from './sha256.js';
