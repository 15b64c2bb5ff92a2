// A trained classifier saved as an artifact (directory and packed) loads back into a model that
// predicts bit for bit the same, its model.onnx runs on onnxruntime-node within 1e-4 of tfjs, and
// training continues from it exactly as it would have in memory.
import { mkdtemp, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  ArtifactError,
  createArtifact,
  exportOnnx,
  fit,
  loadArtifactWeights,
  restoreTrainingState,
  SequenceClassifier,
  TfjsEngine,
  type Artifact,
  type NamedArray,
  type SequenceExample,
} from '@attune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeBackend } from '../onnx-backend.js';
import { setupTfjs } from '../setup-tfjs.js';
import { saveArtifact } from './save-artifact.js';
import { loadArtifact } from './load-artifact.js';
import { loadPackedArtifact, savePackedArtifact } from './packed-artifact-file.js';

const config = { vocabSize: 20, maxLength: 12, numClasses: 2, dModel: 16, numHeads: 2, numLayers: 1, dropout: 0.1 };
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'attune-artifact-'));

/** Toy task: does token 3 come right before token 7? Deterministic in `offset`. */
function examples(count: number, offset: number): SequenceExample[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    const ids = Array.from({ length: 6 + (i % 7) }, (_, j) => 1 + ((i * 7 + j * 5 + ((i * j) % 3)) % 19));
    if (i % 2 === 0) ids.splice(i % 4, 2, 3, 7);
    return { ids, label: ids.some((id, j) => id === 3 && ids[j + 1] === 7) ? 1 : 0 };
  });
}
const train = (engine: TfjsEngine, model: SequenceClassifier, data: SequenceExample[], seed: number) =>
  fit(engine, { train: data, collate: model.collate, epochs: 1, batchSize: 16, learningRate: 3e-3, seed });
const sameArrays = (a: NamedArray[], b: NamedArray[]) =>
  a.length === b.length && a.every((x, i) => x.name === b[i]!.name && x.data.every((v, j) => Object.is(v, b[i]!.data[j])));

let model: SequenceClassifier;
let engine: TfjsEngine;
let artifact: Artifact;
const probe = examples(40, 5000);
let probeIds: tf.Tensor2D;

beforeAll(async () => {
  await setupTfjs({ log: false });
  model = new SequenceClassifier(config, { seed: 11 });
  engine = new TfjsEngine(model);
  await train(engine, model, examples(100, 0), 1);
  artifact = await createArtifact({
    plugin: { id: 'text', version: '0.1.0' },
    model: { kind: 'sequence-classifier', config: model.config },
    preprocessing: { labels: ['absent', 'present'] },
    metrics: { trainLoss: 0.69 },
    onnx: exportOnnx(model),
    trainingState: await engine.readState(),
  });
  const batch = model.collate(probe);
  probeIds = tf.tensor2d(batch['ids']!.data as Int32Array, batch['ids']!.shape as [number, number], 'int32');
});

const logitsOf = (m: SequenceClassifier) => tf.tidy(() => m.forward(probeIds).dataSync() as Float32Array);

/** Rebuilds the model from the artifact alone: its config and its weights. */
function modelFrom(loaded: Artifact): SequenceClassifier {
  const restored = new SequenceClassifier(loaded.manifest.model.config as typeof config, { seed: 999 });
  loadArtifactWeights(restored, loaded);
  return restored;
}

describe.each([
  ['directory', (dir: string) => saveArtifact(path.join(dir, 'model'), artifact), (dir: string) => loadArtifact(path.join(dir, 'model'))],
  ['packed file', (dir: string) => savePackedArtifact(path.join(dir, 'model.attune'), artifact), (dir: string) => loadPackedArtifact(path.join(dir, 'model.attune'))],
] as const)('artifact round trip as a %s', (_, save, load) => {
  it('loads a model whose tfjs outputs equal the original bit for bit, and whose ONNX matches within 1e-4', async () => {
    const dir = await tempDir();
    await save(dir);
    const loaded = await load(dir);
    expect(loaded.manifest).toEqual(artifact.manifest);
    expect(loaded.files).toEqual(artifact.files);

    const reference = logitsOf(model);
    const restored = modelFrom(loaded);
    expect(logitsOf(restored)).toEqual(reference);
    restored.dispose();

    const session = await createNodeBackend().createSession(loaded.files.get('model.onnx')!, { devices: ['cpu'] });
    const out = await session.run({ ids: { type: 'int32', data: probeIds.dataSync() as Int32Array, dims: probeIds.shape } });
    const onnx = out['logits']!.data as Float32Array;
    expect(onnx.length).toBe(reference.length);
    const maxDiff = onnx.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i]!)), 0);
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    await session.release();
  });
});

describe('continuing training from a saved artifact', () => {
  it('restores weights and optimiser state exactly, trains on, saves again; same weights as training in memory', async () => {
    const dir = path.join(await tempDir(), 'model');
    await saveArtifact(dir, artifact);

    const loaded = await loadArtifact(dir);
    const resumedModel = new SequenceClassifier(loaded.manifest.model.config as typeof config, { seed: 999 });
    const resumed = new TfjsEngine(resumedModel);
    restoreTrainingState(resumed, loaded);
    // before training resumes: the same predictions as the saved model, bit for bit
    expect(logitsOf(resumedModel)).toEqual(logitsOf(model));
    const batch = model.collate(probe);
    expect((await resumed.evaluate(batch)).output).toEqual((await engine.evaluate(batch)).output);

    const more = examples(64, 1000); // new data
    await train(resumed, resumedModel, more, 2);
    await train(engine, model, more, 2); // the in-memory original, same batches, same seed
    const [a, b] = [await resumed.readState(), await engine.readState()];
    expect(a.step).toBe(b.step);
    expect(a.step).toBe(7 + 4);
    for (const key of ['weights', 'firstMoments', 'secondMoments'] as const) expect(sameArrays(a[key], b[key]), key).toBe(true);

    const { plugin, model: kind, preprocessing } = loaded.manifest;
    const again = await createArtifact({ plugin, model: kind, preprocessing, onnx: exportOnnx(resumedModel), trainingState: a });
    await saveArtifact(dir, again); // replaces the first artifact
    const reloaded = await loadArtifact(dir);
    expect(reloaded.manifest.files['training-state.bin']!.sha256).not.toBe(artifact.manifest.files['training-state.bin']!.sha256);
    const final = modelFrom(reloaded);
    expect(logitsOf(final)).toEqual(logitsOf(model));
    final.dispose();
    resumed.dispose();
    resumedModel.dispose();
  });
});

describe('loadArtifact refuses to leave the directory', () => {
  it('through a symlink, even one whose target has the right bytes', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'model');
    await saveArtifact(dir, artifact);
    const outside = path.join(root, 'outside.onnx');
    await rename(path.join(dir, 'model.onnx'), outside);
    await symlink(outside, path.join(dir, 'model.onnx'));
    const error = await loadArtifact(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect((error as ArtifactError).reason).toBe('unsafe-path');
    expect((error as Error).message).toMatch(/model\.onnx resolves to .*outside\.onnx, outside the artifact directory/);
  });

  it('and a tampered file on disk is named', async () => {
    const dir = path.join(await tempDir(), 'model');
    await saveArtifact(dir, artifact);
    const bytes = await readFile(path.join(dir, 'training-state.bin'));
    bytes[0]! ^= 1;
    await writeFile(path.join(dir, 'training-state.bin'), bytes);
    await expect(loadArtifact(dir)).rejects.toThrow('Artifact file training-state.bin is damaged or was altered');
  });

  it('wrong targets and arguments are ArtifactErrors, not bare EISDIR, ELOOP or TypeErrors', async () => {
    const dir = await tempDir();
    // a packed artifact needs a file path: a directory used to fail at the final rename (EISDIR)
    await expect(savePackedArtifact(dir, artifact)).rejects.toThrow(`savePackedArtifact: ${dir} is a directory; give a file path such as model.attune`);
    await expect(loadPackedArtifact(dir)).rejects.toThrow(`No packed artifact at ${dir}: it is a directory`);
    await expect(loadPackedArtifact(path.join(dir, 'none.attune'))).rejects.toThrow('the file does not exist');
    await symlink(path.join(dir, 'b'), path.join(dir, 'a'));
    await symlink(path.join(dir, 'a'), path.join(dir, 'b'));
    await expect(loadArtifact(path.join(dir, 'a'))).rejects.toThrow(`No artifact at ${path.join(dir, 'a')}: it is a loop of symbolic links.`);
    await expect(saveArtifact('', artifact)).rejects.toThrow('saveArtifact: the target must be a non-empty path; got "".');
    await expect(saveArtifact(path.join(dir, 'x'), null as never)).rejects.toThrow('saveArtifact: expected an artifact ({ manifest, files })');
    await expect(savePackedArtifact(path.join(dir, 'x.attune'), {} as never)).rejects.toBeInstanceOf(ArtifactError);
  });
});
