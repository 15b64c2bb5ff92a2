import type { TrainingState } from '../train/types.js';
import type { Artifact } from './artifact.js';
import { ArtifactError } from './artifact-error.js';
import { checkArtifactPath, MANIFEST_FILE } from './artifact-path.js';
import {
  ARTIFACT_FORMAT_VERSION,
  ONNX_FILE,
  TRAINING_STATE_BIN,
  TRAINING_STATE_JSON,
  validateManifest,
  type ArtifactManifest,
} from './manifest.js';
import { sha256Hex } from './sha256.js';
import { encodeTrainingState } from './training-state-codec.js';
import { checkJsonValue } from './check-json-value.js';

export interface CreateArtifactOptions {
  /** The plugin that trained the model and knows how to use it (e.g. `{ id: 'text', version: '0.1.0' }`). */
  plugin: { id: string; version: string };
  /** What to rebuild: a kind the plugin understands (e.g. `sequence-classifier`) and its config. */
  model: { kind: string; config: object };
  /** Preprocessing state as plain JSON (vocabulary, labels, ...). Default `{}`. */
  preprocessing?: object;
  /** Final metrics, e.g. `{ accuracy: 0.93 }`. Must be finite. Default `{}`. */
  metrics?: Record<string, number>;
  /** `model.onnx` bytes, as `exportOnnx` returns them. */
  onnx: Uint8Array;
  /** State to continue training from (`engine.readState()`). Without it the artifact is inference-only. */
  trainingState?: TrainingState;
  /** Further files a plugin wants to ship (paths must pass `checkArtifactPath`). */
  extraFiles?: Record<string, Uint8Array>;
  /** Creation time. Default: now. */
  createdAt?: Date;
}

/**
 * Builds an artifact in memory: hashes every file and validates the manifest with the same schema
 * readers use, so what is created is exactly what loads.
 */
export async function createArtifact(options: CreateArtifactOptions): Promise<Artifact> {
  if (!(options.onnx instanceof Uint8Array) || options.onnx.length === 0) {
    throw new ArtifactError('missing-file', `createArtifact: onnx must be the non-empty Uint8Array that exportOnnx returns.`, { path: ONNX_FILE });
  }
  for (const [name, value] of Object.entries(options.metrics ?? {})) {
    if (!Number.isFinite(value)) throw new ArtifactError('invalid-manifest', `createArtifact: metrics.${name} is ${value}; metrics must be finite numbers.`);
  }
  checkJsonValue(options.plugin, 'plugin');
  checkJsonValue(options.model, 'model');
  checkJsonValue(options.preprocessing, 'preprocessing');
  const createdAt = options.createdAt ?? new Date();
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) {
    throw new ArtifactError('invalid-manifest', `createArtifact: createdAt must be a valid Date; got ${String(createdAt)}.`);
  }
  const files = new Map<string, Uint8Array>([[ONNX_FILE, options.onnx]]);
  if (options.trainingState) {
    const { json, bin } = encodeTrainingState(options.trainingState);
    files.set(TRAINING_STATE_JSON, json);
    files.set(TRAINING_STATE_BIN, bin);
  }
  for (const [path, bytes] of Object.entries(options.extraFiles ?? {})) {
    checkArtifactPath(path);
    if (path === MANIFEST_FILE || files.has(path)) {
      throw new ArtifactError('unsafe-path', `createArtifact: extraFiles may not replace ${path}, which the artifact writes itself.`, { path });
    }
    files.set(path, bytes);
  }

  // sorted by path, the order readers produce, so created and loaded artifacts compare equal
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, b]) => [p, plainBytes(b)] as const));
  const entries: ArtifactManifest['files'] = {};
  for (const [path, bytes] of sorted) entries[path] = { sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
  // JSON round trip: the in-memory artifact must equal what a reader gets back (no undefined,
  // no class instances, no Dates), and anything JSON cannot hold fails here, not at load time.
  const plain = JSON.parse(
    JSON.stringify({
      formatVersion: ARTIFACT_FORMAT_VERSION,
      plugin: options.plugin,
      model: options.model,
      preprocessing: options.preprocessing ?? {},
      metrics: options.metrics ?? {},
      createdAt: createdAt.toISOString(),
      files: entries,
    }),
  ) as unknown;
  return { manifest: validateManifest(plain), files: sorted };
}

/** A plain Uint8Array view (no copy) of the same bytes: Node Buffers compare unequal to loaded files otherwise. */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
