// Node side of the artifact browser tests: a small SequenceClassifier exported to ONNX, wrapped in an
// artifact (core createArtifact), laid out packed and as a directory, with onnxruntime-node's outputs.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createArtifact, exportOnnx, packArtifact, SequenceClassifier, serializeManifest, type Artifact, type TensorData } from '@attune/core';
import { createNodeBackend } from '@attune/node';

export interface ArtifactFixture {
  artifact: Artifact;
  /** `packArtifact(artifact)`. */
  packed: Uint8Array;
  /** Token ids [2, 6], the second row padded with 0. */
  feeds: Record<string, TensorData>;
  /** onnxruntime-node (CPU) logits for `feeds`. */
  logits: TensorData;
}

const CONFIG = { vocabSize: 20, maxLength: 12, numClasses: 3, dModel: 16, numHeads: 2, numLayers: 1, dropout: 0 };

/** A fixture whose weights (and so outputs and hashes) depend on `seed`. */
export async function makeArtifactFixture(seed: number): Promise<ArtifactFixture> {
  await tf.setBackend('cpu');
  const model = new SequenceClassifier(CONFIG, { seed });
  const onnx = exportOnnx(model);
  const artifact = await createArtifact({
    plugin: { id: 'text', version: '0.1.0' },
    model: { kind: 'sequence-classifier', config: CONFIG },
    preprocessing: { labels: ['a', 'b', 'c'] },
    metrics: { accuracy: seed / 100 },
    onnx,
    // a nested plugin file, so the directory layout exercises a sub-path; the same for every seed,
    // so a changed artifact has one unchanged file (the cache reuses it instead of fetching it)
    extraFiles: { 'vocab/tokens.json': new TextEncoder().encode(JSON.stringify({ tokens: ['<pad>', 'x', 'y'] })) },
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, seed)),
  });
  const feeds = { ids: { type: 'int32', data: new Int32Array([5, 9, 3, 7, 1, 2, 4, 4, 11, 0, 0, 0]), dims: [2, 6] } } as Record<string, TensorData>;
  const session = await createNodeBackend().createSession(onnx, { devices: ['cpu'] });
  try {
    const logits = (await session.run(feeds))['logits']!;
    return { artifact, packed: packArtifact(artifact), feeds, logits };
  } finally {
    await session.release();
  }
}

/** The directory layout of `artifact` under `prefix` (ending in `/`): `manifest.json` and every file. */
export function directoryFiles(prefix: string, artifact: Artifact): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = { [`${prefix}manifest.json`]: serializeManifest(artifact.manifest) };
  for (const [path, bytes] of artifact.files) files[`${prefix}${path}`] = bytes;
  return files;
}

/** A copy of `bytes` with one byte flipped at `index` (negative: from the end). */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  const i = index < 0 ? copy.length + index : index;
  copy[i] = copy[i]! ^ 0xff;
  return copy;
}
