import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ArtifactError, packArtifact, unpackArtifact, type Artifact } from '@attune/core';
import { checkSaveArguments } from './check-save-arguments.js';
import { writeFileAtomically } from './durable-fs.js';

/**
 * Writes an artifact as one packed file (see `packArtifact`), atomically: a fsynced temporary
 * sibling renamed over `file`, so a crash leaves the previous file or the new one, never a torn one.
 */
export async function savePackedArtifact(file: string, artifact: Artifact): Promise<void> {
  checkSaveArguments('savePackedArtifact', file, artifact);
  const target = path.resolve(file);
  // a directory there would fail at the final rename with a bare EISDIR, after all the work
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new ArtifactError('unsafe-target', `savePackedArtifact: ${target} is ${existing.isDirectory() ? 'a directory' : 'not a regular file'}; give a file path such as model.attune (saveArtifact writes a directory).`, { path: target });
  }
  await writeFileAtomically(target, packArtifact(artifact));
}

/** Reads and validates a packed artifact file (bounds, schema, version, sizes, SHA-256; see `unpackArtifact`). */
export async function loadPackedArtifact(file: string): Promise<Artifact> {
  const target = path.resolve(file);
  const bytes = await readFile(target).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'the file does not exist' : error.code === 'EISDIR' ? 'it is a directory (loadArtifact reads artifact directories)' : error.message;
    throw new ArtifactError('missing-file', `No packed artifact at ${target}: ${why}.`, { path: target, cause: error });
  });
  return unpackArtifact(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
