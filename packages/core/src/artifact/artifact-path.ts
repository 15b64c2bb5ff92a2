import { ArtifactError } from './artifact-error.js';

/**
 * What a file path inside an artifact may look like: lower-case relative segments of letters,
 * digits, `.`, `_` and `-`, each starting with a letter or digit. An allow-list rather than a
 * deny-list, so absolute paths, `..`, backslashes, drive letters, empty segments, control
 * characters and case-only clashes on case-insensitive file systems are all impossible by
 * construction.
 */
export const ARTIFACT_PATH_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

/** Longest path accepted; far above any real name, it only bounds what a hostile manifest can make us do. */
const MAX_PATH_LENGTH = 255;

/** The manifest's own name; it describes the other files, so it never lists itself. */
export const MANIFEST_FILE = 'manifest.json';

/**
 * Throws `ArtifactError('unsafe-path')` unless `path` is a safe relative path inside an artifact.
 * Every reader calls this before it touches a path named by a manifest or a pack index.
 */
export function checkArtifactPath(path: string): void {
  const problem =
    typeof path !== 'string' || path.length === 0
      ? 'it is empty'
      : path.length > MAX_PATH_LENGTH
        ? `it is longer than ${MAX_PATH_LENGTH} characters`
        : path.startsWith('/')
          ? 'it is absolute'
          : path.includes('\\')
            ? 'it contains a backslash'
            : path.includes('..')
              ? 'it contains ".."'
              : !ARTIFACT_PATH_PATTERN.test(path)
                ? `it does not match ${String(ARTIFACT_PATH_PATTERN)}`
                : undefined;
  if (problem) {
    throw new ArtifactError('unsafe-path', `Artifact file path ${JSON.stringify(path)} is refused: ${problem}.`, { path });
  }
}
