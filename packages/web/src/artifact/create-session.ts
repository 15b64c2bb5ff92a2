import { ArtifactError, ONNX_FILE, type Artifact, type Backend, type Session, type SessionOptions } from '@attune/core';

/**
 * Creates an inference session from an artifact's `model.onnx` on `backend` (e.g. `createWebBackend()`).
 * The artifact is expected to be validated already (`loadArtifactFromUrl` returns only such ones).
 */
export function createSessionFromArtifact(backend: Backend, artifact: Artifact, options?: SessionOptions): Promise<Session> {
  const model = artifact?.files?.get(ONNX_FILE);
  if (!model) {
    return Promise.reject(new ArtifactError('missing-file', `createSessionFromArtifact: the artifact holds no ${ONNX_FILE}.`, { path: ONNX_FILE }));
  }
  return backend.createSession(model, options);
}
