import { AttuneError } from '../errors/attune-error.js';

/** Why an artifact was refused; stable, so callers can branch on it without parsing messages. */
export type ArtifactErrorReason =
  | 'unsupported-version'
  | 'invalid-manifest'
  | 'missing-file'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'unsafe-path'
  | 'corrupt-pack'
  | 'invalid-training-state'
  | 'unsafe-target'
  | 'graph-mismatch';

/**
 * An artifact could not be created, read or written. Its code is `INVALID_INPUT` (an artifact is
 * input like any other); `reason` says which check failed and `path`, when set, names the file.
 */
export class ArtifactError extends AttuneError {
  readonly reason: ArtifactErrorReason;
  readonly path: string | undefined;

  constructor(reason: ArtifactErrorReason, message: string, options: { path?: string; cause?: unknown } = {}) {
    super('INVALID_INPUT', message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArtifactError';
    this.reason = reason;
    this.path = options.path;
  }
}
