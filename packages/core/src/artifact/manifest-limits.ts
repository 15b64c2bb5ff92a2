import { ArtifactError } from './artifact-error.js';
import { MANIFEST_FILE } from './artifact-path.js';

/**
 * Bounds on what a manifest may make a reader do. Far above any real artifact (a BANKING77 model's
 * manifest, vocabulary included, is ~200 KB, nested 5 deep), they turn a hostile or broken manifest
 * into a named refusal instead of a stack overflow or an out-of-memory crash.
 */
export const MANIFEST_LIMITS = Object.freeze({
  /** Bytes of manifest.json. */
  bytes: 64 * 1024 * 1024,
  /** Nesting of objects and arrays. */
  depth: 64,
  /** Characters of plugin.id, plugin.version, model.kind and every metric name. */
  nameLength: 200,
  /** Entries in `files`. */
  files: 10_000,
  /** Entries in `metrics`. */
  metrics: 1_000,
});

/** Refuses a manifest that is too large or nested too deep, before it is parsed. */
export function checkManifestSize(bytes: Uint8Array): void {
  if (bytes.byteLength > MANIFEST_LIMITS.bytes) {
    throw new ArtifactError('invalid-manifest', `${MANIFEST_FILE} has ${bytes.byteLength} bytes; the limit is ${MANIFEST_LIMITS.bytes}.`, { path: MANIFEST_FILE });
  }
  // one pass over the bytes, counting brackets outside strings (iterative: no recursion to overflow)
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MANIFEST_LIMITS.depth) {
        throw new ArtifactError('invalid-manifest', `${MANIFEST_FILE} nests objects or arrays more than ${MANIFEST_LIMITS.depth} deep.`, { path: MANIFEST_FILE });
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Refuses oversized names and tables in a parsed, schema-valid manifest, naming the field. */
export function checkManifestFields(manifest: { plugin: { id: string; version: string }; model: { kind: string }; files: object; metrics: object }): void {
  const long = (field: string, value: string) => {
    if (value.length > MANIFEST_LIMITS.nameLength) {
      throw new ArtifactError('invalid-manifest', `${MANIFEST_FILE} is invalid: ${field} has ${value.length} characters; the limit is ${MANIFEST_LIMITS.nameLength}.`, { path: MANIFEST_FILE });
    }
  };
  long('plugin.id', manifest.plugin.id);
  long('plugin.version', manifest.plugin.version);
  long('model.kind', manifest.model.kind);
  for (const name of Object.keys(manifest.metrics)) long(`metrics name "${name.slice(0, 40)}…"`, name);
  const count = (field: 'files' | 'metrics') => {
    const n = Object.keys(manifest[field]).length;
    if (n > MANIFEST_LIMITS[field]) {
      throw new ArtifactError('invalid-manifest', `${MANIFEST_FILE} is invalid: ${field} has ${n} entries; the limit is ${MANIFEST_LIMITS[field]}.`, { path: MANIFEST_FILE });
    }
  };
  count('files');
  count('metrics');
}
