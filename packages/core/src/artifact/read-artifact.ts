import { AttuneError } from '../errors/attune-error.js';
import type { Artifact } from './artifact.js';
import { ArtifactError } from './artifact-error.js';
import { checkArtifactPath, MANIFEST_FILE } from './artifact-path.js';
import { checkManifestFields, checkManifestSize } from './manifest-limits.js';
import { decodeUtf8, ONNX_FILE, parseJsonSafely, TRAINING_STATE_BIN, TRAINING_STATE_JSON, validateManifest } from './manifest.js';
import { sha256Hex } from './sha256.js';
import { decodeTrainingState } from './training-state-codec.js';

/**
 * Reads one file of an artifact by its relative path. Platform code supplies it (a directory, a
 * packed file, `fetch`); it must never resolve a path outside the artifact, and readArtifact only
 * ever asks for `manifest.json` and paths that passed `checkArtifactPath`.
 */
export type ArtifactFileReader = (path: string) => Promise<Uint8Array>;

/**
 * Reads and validates an artifact: the manifest against its schema (an unknown format version is
 * named, with upgrade advice), every listed path against the allow-list, every file's size and
 * SHA-256, the presence of `model.onnx`, and the training state's consistency. Nothing in the
 * artifact is ever evaluated: the manifest is parsed as JSON and everything else stays bytes.
 */
export async function readArtifact(readFile: ArtifactFileReader): Promise<Artifact> {
  const manifestBytes = await readChecked(readFile, MANIFEST_FILE);
  checkManifestSize(manifestBytes);
  const manifest = validateManifest(parseJsonSafely(decodeUtf8(manifestBytes, MANIFEST_FILE), MANIFEST_FILE));
  checkManifestFields(manifest);

  const paths = Object.keys(manifest.files).sort();
  // every path is vetted before any file is read, so a hostile manifest gets no read at all
  for (const path of paths) {
    checkArtifactPath(path);
    if (path === MANIFEST_FILE) {
      throw new ArtifactError('invalid-manifest', `manifest.json lists itself in files; it cannot vouch for its own hash.`, { path });
    }
  }
  if (!manifest.files[ONNX_FILE]) {
    throw new ArtifactError('missing-file', `manifest.json lists no ${ONNX_FILE}; every artifact must hold its ONNX model.`, { path: ONNX_FILE });
  }
  if (Boolean(manifest.files[TRAINING_STATE_JSON]) !== Boolean(manifest.files[TRAINING_STATE_BIN])) {
    throw new ArtifactError(
      'missing-file',
      `manifest.json lists only one of ${TRAINING_STATE_JSON} and ${TRAINING_STATE_BIN}; the training state needs both.`,
      { path: manifest.files[TRAINING_STATE_JSON] ? TRAINING_STATE_BIN : TRAINING_STATE_JSON },
    );
  }

  const files = new Map<string, Uint8Array>();
  for (const path of paths) {
    const expected = manifest.files[path]!;
    const bytes = await readChecked(readFile, path);
    if (bytes.byteLength !== expected.bytes) {
      throw new ArtifactError('size-mismatch', `Artifact file ${path} has ${bytes.byteLength} bytes; the manifest says ${expected.bytes}.`, { path });
    }
    const actual = await sha256Hex(bytes);
    if (actual !== expected.sha256) {
      throw new ArtifactError(
        'hash-mismatch',
        `Artifact file ${path} is damaged or was altered: its SHA-256 is ${actual}, the manifest says ${expected.sha256}.`,
        { path },
      );
    }
    files.set(path, bytes);
  }
  // decoding checks the state's header against its binary; a bad one fails the load, not a later resume
  if (files.has(TRAINING_STATE_JSON)) decodeTrainingState(files.get(TRAINING_STATE_JSON)!, files.get(TRAINING_STATE_BIN)!);
  return { manifest, files };
}

/** Calls the reader, naming the file in whatever went wrong. */
async function readChecked(readFile: ArtifactFileReader, path: string): Promise<Uint8Array> {
  let bytes: unknown;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    if (AttuneError.isInstance(cause)) throw cause; // the reader's own verdict (e.g. a refused symlink) stands
    throw new ArtifactError('missing-file', `Artifact file ${path} could not be read: ${(cause as Error)?.message ?? String(cause)}`, { path, cause });
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`readArtifact: the file reader returned ${typeof bytes} for ${path}; expected a Uint8Array.`);
  }
  return bytes;
}
