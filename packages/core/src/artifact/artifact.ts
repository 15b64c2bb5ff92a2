import type { ArtifactManifest } from './manifest.js';

/**
 * A model artifact in memory: the validated manifest and the bytes of every other file, keyed by
 * their path inside the artifact (`model.onnx`, `training-state.json`, ...). The same value comes
 * out of `createArtifact`, `readArtifact` and `unpackArtifact`, and goes into every writer.
 */
export interface Artifact {
  readonly manifest: ArtifactManifest;
  /** Every file listed in `manifest.files`, and nothing else (`manifest.json` is not in here). */
  readonly files: ReadonlyMap<string, Uint8Array>;
}
