import { ArtifactError, createRuntime, exportArtifact, InputError, loadPredictor, TfjsEngine, train } from '@attune/core';
import { createMockBackend, makeConformanceFixture, runBackendConformance } from '@attune/core/testing';
import { createNodeBackend, createNodeRuntime } from '@attune/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictDigit } from './predict-digit.js';
import { visionPlugin, type LabelledImage } from './plugin.js';

/** Tiny 8×8 images: a bright left half ("left") or right half ("right"), with a little per-image variation. */
function halves(count: number): LabelledImage[] {
  return Array.from({ length: count }, (_, i) => {
    const label = i % 2 ? 'right' : 'left';
    const pixels = Array.from({ length: 64 }, (_, p) => ((p % 8 < 4) === (label === 'left') ? 0.8 + 0.2 * ((i * 7 + p) % 5) / 5 : 0));
    return { pixels, label };
  });
}

// Logits that always favour class 1 ("right"); the mock records what the predictor fed it.
const mock = createMockBackend((feeds) => {
  const [b] = feeds['pixels']!.dims as [number];
  return { logits: { type: 'float32', data: Float32Array.from({ length: b * 2 }, (_, i) => (i % 2 ? 3 : 0)), dims: [b, 2] } };
});
const mockRuntime = createRuntime({ backends: [mock], createTrainingEngine: async (model) => new TfjsEngine(model), ready: () => createNodeRuntime().ready() });

describe('visionPlugin with the mock backend', () => {
  const config = { patchSize: 4, dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 32 };
  let artifact: Awaited<ReturnType<typeof exportArtifact>>;
  beforeAll(async () => {
    const trained = await train(visionPlugin, mockRuntime, halves(64), { epochs: 1, config });
    artifact = await exportArtifact(trained);
  });

  it('keeps its preprocessing state in the artifact: labels, image size, pixel statistics', () => {
    const state = artifact.manifest.preprocessing as Record<string, unknown>;
    expect(state).toMatchObject({ labels: ['left', 'right'], imageSize: 8 });
    expect(state['pixelMean']).toBeGreaterThan(0.4);
    expect(state['pixelStd']).toBeGreaterThan(0.3);
    expect(artifact.manifest.model.config).toMatchObject(config);
  });

  it('feeds normalised [B, S, S] pixels and decodes probabilities', async () => {
    const predictor = await loadPredictor(visionPlugin, artifact, mockRuntime);
    const [p] = await predictor.predict([{ pixels: new Array(64).fill(0) }]);
    expect(p!.label).toBe('right');
    expect(p!.score).toBeCloseTo(Math.exp(3) / (1 + Math.exp(3)), 6);
    expect(p!.scores['left']! + p!.scores['right']!).toBeCloseTo(1, 6);
    const fed = mock.calls.at(-1)!['pixels']!;
    expect(fed.dims).toEqual([1, 8, 8]);
    const { pixelMean, pixelStd } = artifact.manifest.preprocessing as { pixelMean: number; pixelStd: number };
    expect((fed.data as Float32Array)[0]).toBeCloseTo(-pixelMean / pixelStd, 5);
  });

  it('says what is wrong with bad input', async () => {
    const predictor = await loadPredictor(visionPlugin, artifact, mockRuntime);
    await expect(predictor.predict([{ pixels: [0.5, 0.5] }])).rejects.toThrow('Input 0 has 2 pixels; this model takes 8×8 = 64 grey values');
    await expect(predictor.predict([{ pixels: new Array(64).fill(255) }])).rejects.toThrow('pixel 0 is 255; grey values must be numbers in [0, 1] (divide 0–255 values by 255)');
    await expect(predictor.predict([{ pixels: new Array(64).fill(Number.NaN) }])).rejects.toThrow(InputError);
    await expect(predictor.predict([null as never])).rejects.toThrow('Input 0 must be an object { pixels }');
    await expect(train(visionPlugin, mockRuntime, halves(4).map((e) => ({ ...e, label: 'x' })), { epochs: 1 })).rejects.toThrow('at least two labels');
    await expect(train(visionPlugin, mockRuntime, [{ pixels: [1, 2, 3], label: 'a' }, { pixels: [1, 2, 3], label: 'b' }], { epochs: 1 })).rejects.toThrow(
      'The first training image has 3 pixels; images must be square',
    );
    await expect(train(visionPlugin, mockRuntime, halves(4), { epochs: 1, config: { patchSize: 3 } })).rejects.toThrow(
      'patchSize 3 does not divide the image side 8; pick a divisor such as 2, 4',
    );
  });

  it('refuses an artifact whose state is damaged', async () => {
    const damaged = { ...artifact, manifest: { ...artifact.manifest, preprocessing: { labels: ['a', 'b'], imageSize: 8, pixelMean: 0, pixelStd: 0 } } };
    await expect(loadPredictor(visionPlugin, damaged, mockRuntime)).rejects.toThrow(ArtifactError);
    await expect(loadPredictor(visionPlugin, damaged, mockRuntime)).rejects.toThrow('pixelStd a positive number');
  });

  it('predictDigit reads the scores of the ten digits', async () => {
    const predictor = { device: 'cpu', release: async () => {}, predict: async () => [{ label: '7', score: 0.9, scores: { '7': 0.9, '1': 0.1 } }] };
    expect(await predictDigit(predictor, new Array(784).fill(0))).toEqual({ digit: 7, score: 0.9, probabilities: [0, 0.1, 0, 0, 0, 0, 0, 0.9, 0, 0] });
  });
});

describe('visionPlugin on the Node runtime', () => {
  it('trains on ONNX Runtime, with dropout too (the model fixes its patch count as the sequence dim)', async () => {
    const runtime = createNodeRuntime();
    const small = { patchSize: 4, dModel: 16, numHeads: 2, numLayers: 1, ffnDim: 32 };
    const onnx = await train(visionPlugin, runtime, halves(32), { epochs: 1, config: small });
    expect(onnx.result.engine).toMatch(/^onnxruntime/);
    const withDropout = await train(visionPlugin, runtime, halves(32), { epochs: 1, config: { ...small, dropout: 0.1 } });
    expect(withDropout.result.engine).toMatch(/^onnxruntime/);
    expect(withDropout.result.history[0]!.trainLoss).toBeGreaterThan(0);
    expect((await exportArtifact(withDropout)).files.size).toBeGreaterThan(0);
  });
});

describe('the backend this plugin runs on in Node', () => {
  it('passes core’s backend conformance suite', async () => {
    await createNodeRuntime().ready();
    const checks = await runBackendConformance(createNodeBackend(), makeConformanceFixture());
    expect(checks.filter((c) => !c.passed)).toEqual([]);
  });
});
