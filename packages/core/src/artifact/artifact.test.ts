// In-memory round trips: a trained classifier's artifact read back (as files and packed) is the
// same artifact, restores the same model bit for bit, and continues training exactly.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import { exportOnnx } from '../onnx/export.js';
import { patternTask } from '../test-support/pattern-task.js';
import { sameWeights } from '../test-support/tiny-models.js';
import { fit } from '../train/fit.js';
import { TfjsEngine } from '../train/tfjs-engine.js';
import type { TrainingState } from '../train/types.js';
import type { Artifact } from './artifact.js';
import { createArtifact } from './create-artifact.js';
import { packArtifact, unpackArtifact } from './pack-artifact.js';
import { readArtifact } from './read-artifact.js';
import { artifactTrainingState, hasTrainingState, loadArtifactWeights, restoreTrainingState } from './restore-training-state.js';
import { decodeTrainingState, encodeTrainingState } from './training-state-codec.js';
import { serializeManifest } from './manifest.js';

const config = { vocabSize: 20, maxLength: 16, numClasses: 2, dModel: 16, numHeads: 2, numLayers: 1, dropout: 0.1 };
const build = () => new SequenceClassifier(config, { seed: 7 });
const trainOn = (engine: TfjsEngine, model: SequenceClassifier, seed: number) =>
  fit(engine, { train: patternTask(100, seed, 20), collate: model.collate, epochs: 1, batchSize: 16, learningRate: 3e-3, seed });

let model: SequenceClassifier;
let engine: TfjsEngine;
let state: TrainingState;
let artifact: Artifact;
beforeAll(async () => {
  model = build();
  engine = new TfjsEngine(model);
  await trainOn(engine, model, 1);
  state = await engine.readState();
  artifact = await createArtifact({
    plugin: { id: 'text', version: '0.1.0' },
    model: { kind: 'sequence-classifier', config: model.config },
    preprocessing: { labels: ['no', 'yes'], vocabulary: Array.from({ length: 20 }, (_, i) => `t${i}`) },
    metrics: { accuracy: 0.5 },
    onnx: exportOnnx(model),
    trainingState: state,
    createdAt: new Date('2025-01-02T03:04:05.000Z'),
  });
});

const logits = (m: SequenceClassifier, ids: Int32Array, shape: [number, number]) =>
  tf.tidy(() => m.forward(tf.tensor2d(ids, shape, 'int32')).dataSync() as Float32Array);

describe('artifact round trip in memory', () => {
  it('describes every file with its size and SHA-256', () => {
    expect(Object.keys(artifact.manifest.files)).toEqual(['model.onnx', 'training-state.bin', 'training-state.json']);
    expect(artifact.manifest.files['model.onnx']!.bytes).toBe(artifact.files.get('model.onnx')!.length);
    expect(artifact.manifest.files['model.onnx']!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(artifact.manifest).toMatchObject({ formatVersion: 1, createdAt: '2025-01-02T03:04:05.000Z', model: { config: { dModel: 16 } } });
  });

  it('reads back identically from files and from one packed buffer', async () => {
    const files = new Map([...artifact.files, ['manifest.json', serializeManifest(artifact.manifest)]]);
    const fromFiles = await readArtifact(async (p) => files.get(p)!);
    expect(fromFiles.manifest).toEqual(artifact.manifest);
    expect(fromFiles.files).toEqual(artifact.files);
    const packed = packArtifact(artifact);
    expect(new TextDecoder().decode(packed.subarray(0, 8))).toBe('ATTUNE01');
    const unpacked = await unpackArtifact(packed);
    expect(unpacked.manifest).toEqual(artifact.manifest);
    expect(unpacked.files).toEqual(artifact.files);
    expect(sameWeights(artifactTrainingState(unpacked).firstMoments, state.firstMoments)).toBe(true);
  });

  it('keeps the training state exact, step and moments included', () => {
    const back = artifactTrainingState(artifact);
    expect(back.step).toBe(state.step);
    for (const key of ['weights', 'firstMoments', 'secondMoments'] as const) expect(sameWeights(back[key], state[key])).toBe(true);
    const { json, bin } = encodeTrainingState(state);
    expect(decodeTrainingState(json, bin.subarray(0)).step).toBe(state.step);
  });

  it('loads weights into a fresh model that predicts bit for bit the same', async () => {
    const restored = new SequenceClassifier(artifact.manifest.model.config as typeof config, { seed: 99 });
    const batch = restored.collate(patternTask(32, 5, 20));
    const shape = batch['ids']!.shape as [number, number];
    const ids = batch['ids']!.data as Int32Array;
    expect(logits(restored, ids, shape)).not.toEqual(logits(model, ids, shape));
    loadArtifactWeights(restored, artifact);
    expect(logits(restored, ids, shape)).toEqual(logits(model, ids, shape));
    restored.dispose();
  });

  it('continues training exactly as the original engine would', async () => {
    const fresh = build();
    const resumed = new TfjsEngine(fresh);
    restoreTrainingState(resumed, artifact);
    await trainOn(resumed, fresh, 2);
    await trainOn(engine, model, 2); // the in-memory original, same batches and seed
    const [a, b] = [await resumed.readState(), await engine.readState()];
    expect(a.step).toBe(b.step);
    expect(sameWeights(a.weights, b.weights)).toBe(true);
    expect(sameWeights(a.secondMoments, b.secondMoments)).toBe(true);
  });

  it('an artifact without training state still loads but says it cannot continue training', async () => {
    const inference = await createArtifact({ plugin: { id: 'text', version: '0.1.0' }, model: { kind: 'x', config: {} }, onnx: artifact.files.get('model.onnx')! });
    const back = await unpackArtifact(packArtifact(inference));
    expect(hasTrainingState(back)).toBe(false);
    expect(() => artifactTrainingState(back)).toThrow(/holds no training state/);
  });

  it('createArtifact refuses what the format cannot hold', async () => {
    const base = { plugin: { id: 'text', version: '0.1.0' }, model: { kind: 'x', config: {} }, onnx: Uint8Array.of(1) };
    await expect(createArtifact({ ...base, metrics: { loss: NaN } })).rejects.toThrow('metrics.loss is NaN');
    await expect(createArtifact({ ...base, onnx: new Uint8Array(0) })).rejects.toThrow('onnx must be the non-empty Uint8Array');
    await expect(createArtifact({ ...base, extraFiles: { '../evil': Uint8Array.of(1) } })).rejects.toThrow('is refused');
    await expect(createArtifact({ ...base, plugin: { id: '', version: '1' } })).rejects.toThrow('plugin.id');
  });
});
