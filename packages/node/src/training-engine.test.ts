// The ONNX Runtime training engine against the tfjs engine (the reference): same seed, same data,
// same fit() — loss curves and final weights agree; plus the engine-level promises.
import { fit, MemoryCheckpointStore, SequenceClassifier, TfjsEngine, type NamedArray, type SequenceExample, type TrainingEngine } from '@attune/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOnnxTrainingEngine, createTrainingEngine } from './training-engine.js';
import { setupTfjs } from './setup-tfjs.js';

beforeAll(() => setupTfjs({ log: false }));

/** Bigram task as in core's tests: does token 3 come right before token 7? */
function examples(count: number, seed: number): SequenceExample[] {
  let s = seed;
  const rand = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n);
  return Array.from({ length: count }, (_, i) => {
    const ids = Array.from({ length: 6 + rand(7) }, () => 1 + rand(11));
    if (i % 2 === 0) ids.splice(rand(ids.length - 1), 2, 3, 7);
    return { ids, label: ids.some((id, j) => id === 3 && ids[j + 1] === 7) ? 1 : 0 };
  });
}
const base = { vocabSize: 12, maxLength: 16, numClasses: 2, dModel: 32, numHeads: 4, numLayers: 2, dropout: 0 };
const config = base;

async function train(engine: TrainingEngine, model: SequenceClassifier, extra: Record<string, unknown> = {}) {
  const losses: number[] = [];
  const result = await fit(engine, {
    train: examples(256, 1),
    validation: examples(64, 2),
    collate: model.collate,
    epochs: 3,
    batchSize: 32,
    learningRate: 2e-3,
    seed: 4,
    onProgress: (e) => e.type === 'batch' && losses.push(e.loss),
    ...extra,
  });
  return { losses, result, weights: await engine.readWeights() };
}

const maxDiff = (a: NamedArray[], b: NamedArray[]) =>
  Math.max(...a.map((w, i) => Math.max(...w.data.map((v, j) => Math.abs(v - b[i]!.data[j]!)))));

describe('OnnxTrainingEngine', () => {
  it('matches the tfjs engine: loss curve and final weights, same seed and data', async () => {
    const tfjsModel = new SequenceClassifier(config, { seed: 9 });
    // Adam's ε at 1e-6, not 1e-8: the attention key bias's true gradient is 0 (softmax ignores a
    // shift), so each engine feeds its own float noise into Adam, which scales noise up to lr-sized
    // steps when ε is tiny; how big that noise is depends on the CPU's kernels, not on the engine.
    const parity = { epsilon: 1e-6 };
    const reference = await train(new TfjsEngine(tfjsModel), tfjsModel, parity);
    const ortModel = new SequenceClassifier(config, { seed: 9 });
    const engine = await createOnnxTrainingEngine(ortModel, { threads: 1 });
    const ours = await train(engine, ortModel, parity);
    const lossDiff = Math.max(...ours.losses.map((l, i) => Math.abs(l - reference.losses[i]!) / Math.abs(reference.losses[i]!)));
    const weightDiff = maxDiff(ours.weights, reference.weights);
    console.log(`24 steps: max relative loss difference ${lossDiff.toExponential(2)}, max weight difference ${weightDiff.toExponential(2)}`);
    expect(ours.losses).toHaveLength(24);
    expect(lossDiff).toBeLessThan(1e-4);
    expect(weightDiff).toBeLessThan(1e-4); // measured 3.5e-6 (1.9e-4 with ε 1e-8)
    expect(ours.result.history.at(-1)!.valLoss).toBeCloseTo(reference.result.history.at(-1)!.valLoss!, 3);
    expect(ours.result.engine).toBe('onnxruntime-node-cpu (1 thread)');
  });

  it('with dropout: a run aborted mid-epoch and resumed ends with the same weights as an uninterrupted run', async () => {
    // dropout masks are drawn from each step's seed, so the resumed steps replay them exactly
    const config = { ...base, dropout: 0.1 };
    const uninterrupted = new SequenceClassifier(config, { seed: 5 });
    const reference = await train(await createOnnxTrainingEngine(uninterrupted, { threads: 1, devices: ['cpu'] }), uninterrupted);
    const store = new MemoryCheckpointStore();
    const controller = new AbortController();
    const first = new SequenceClassifier(config, { seed: 5 });
    await expect(
      train(await createOnnxTrainingEngine(first, { threads: 1 }), first, {
        checkpoint: { store },
        signal: controller.signal,
        onProgress: (e: { type: string; globalStep?: number }) => e.type === 'batch' && e.globalStep === 13 && controller.abort(),
      }),
    ).rejects.toThrow('Training aborted');
    const second = new SequenceClassifier(config, { seed: 5 });
    const resumed = await train(await createOnnxTrainingEngine(second, { threads: 1 }), second, { checkpoint: { store } });
    expect(maxDiff(resumed.weights, reference.weights)).toBe(0);
  });

  it('leaves the weights untouched when the loss is not finite', async () => {
    const model = new SequenceClassifier(config, { seed: 6 });
    const engine = await createOnnxTrainingEngine(model, { threads: 1 });
    const weights = await engine.readWeights();
    weights[0]!.data.fill(Number.NaN); // a poisoned embedding table: the loss of any batch is NaN
    engine.writeWeights(weights);
    const batch = model.collate(examples(4, 3));
    const result = await engine.step(batch, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clipNorm: 1, seed: 0 });
    expect(result.applied).toBe(false);
    const after = await engine.readWeights();
    expect(after.slice(1).every((w, i) => w.data.every((v, j) => v === weights[i + 1]!.data[j]))).toBe(true);
    expect((await engine.readState()).step).toBe(0);
  });
});

describe('engine choice', () => {
  it('auto picks ONNX Runtime for built-in models; tfjs on request; the choice shows in progress events', async () => {
    const model = new SequenceClassifier(config, { seed: 1 });
    const auto = await createTrainingEngine(model);
    expect(auto.name).toMatch(/^onnxruntime-node-cpu/);
    const tfjs = await createTrainingEngine(model, { engine: 'tfjs' });
    expect(tfjs.name).toBe('tfjs-wasm');
    const starts: string[] = [];
    await fit(auto, { train: examples(32, 1), collate: model.collate, epochs: 1, onProgress: (e) => e.type === 'start' && starts.push(e.engine) });
    expect(starts).toEqual([auto.name]);
  });

  it('learns the bigram task to >= 99% held-out accuracy on ONNX Runtime', async () => {
    const model = new SequenceClassifier({ ...base, dModel: 64, positional: 'sinusoidal' }, { seed: 1 });
    const engine = await createTrainingEngine(model);
    await fit(engine, { train: examples(6000, 7), collate: model.collate, epochs: 5, learningRate: 3e-3, seed: 1 });
    const test = examples(1000, 8);
    const { output } = await engine.evaluate(model.collate(test));
    const correct = test.filter((e, i) => (output[2 * i + 1]! > output[2 * i]! ? 1 : 0) === e.label).length;
    console.log(`bigram task on onnxruntime: test accuracy ${(correct / test.length).toFixed(4)}`);
    expect(correct / test.length).toBeGreaterThanOrEqual(0.99);
  });
});

describe('devices', () => {
  it('without the CUDA provider, training falls back to the CPU and says once why and how to get CUDA', async () => {
    const messages: string[] = [];
    const engine = await createOnnxTrainingEngine(new SequenceClassifier(config, { seed: 1 }), { onFallback: (m) => messages.push(m) });
    expect(engine.name).toMatch(/^onnxruntime-node-cpu/);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('cuda skipped: onnxruntime-node was installed without its CUDA execution provider');
    await expect(createOnnxTrainingEngine(new SequenceClassifier(config, { seed: 1 }), { devices: ['cuda'] })).rejects.toThrow(
      'No backend could run the model',
    );
  });
});
