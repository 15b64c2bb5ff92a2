import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { packArtifact, unpackArtifact, type Artifact } from '@attune/core';
import { writeFileAtomically } from './durable-fs.js';

/**
 * Writes an artifact as one packed file (see `packArtifact`), atomically: a fsynced temporary
 * sibling renamed over `file`, so a crash leaves the previous file or the new one, never a torn one.
 */
export async function savePackedArtifact(file: string, artifact: Artifact): Promise<void> {
  await writeFileAtomically(path.resolve(file), packArtifact(artifact));
}

/** Reads and validates a packed artifact file (bounds, schema, version, sizes, SHA-256; see `unpackArtifact`). */
export async function loadPackedArtifact(file: string): Promise<Artifact> {
  const bytes = await readFile(path.resolve(file));
  return unpackArtifact(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
