import { ArtifactError, type Artifact } from '@attune/core';

/**
 * The arguments of saveArtifact / savePackedArtifact, checked before any file is touched: an empty
 * path would resolve to the working directory, and a missing artifact failed as "artifact.files is
 * not iterable".
 */
export function checkSaveArguments(where: string, target: unknown, artifact: unknown): void {
  if (typeof target !== 'string' || target.trim() === '') {
    throw new ArtifactError('unsafe-target', `${where}: the target must be a non-empty path; got ${JSON.stringify(target) ?? String(target)}.`);
  }
  const a = artifact as Partial<Artifact> | null | undefined;
  if (!a || typeof a !== 'object' || !(a.files instanceof Map) || !a.manifest || typeof a.manifest !== 'object') {
    throw new ArtifactError('invalid-manifest', `${where}: expected an artifact ({ manifest, files }) from createArtifact, exportArtifact or loadArtifact; got ${a === null ? 'null' : typeof a}.`);
  }
}
