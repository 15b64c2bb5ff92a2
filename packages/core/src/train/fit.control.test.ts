// fit()'s promises beyond learning: determinism, checkpoints and resume, cancellation, the
// non-finite loss guard, early stopping with restore-best, and input checks.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AbortedError, CheckpointMismatchError, NonFiniteLossError } from '../errors/training-errors.js';
import { ConfigError } from '../errors/config-error.js';
import { InputError } from '../errors/input-error.js';
import { classificationMetrics } from '../models/sequence-classifier.js';
import { patternTask } from '../test-support/pattern-task.js';
import { collatePoints, LinearRegression, sameWeights, tinyClassifier, type Point } from '../test-support/tiny-models.js';
import { MemoryCheckpointStore } from './checkpoint.js';
import { fit, type FitOptions } from './fit.js';
import { TfjsEngine } from './tfjs-engine.js';
import type { SequenceExample } from '../models/sequence-classifier.js';

const train = patternTask(192, 11);
const validation = patternTask(64, 12);

function run(seed: number, extra: Partial<FitOptions<SequenceExample>> = {}) {
  const model = tinyClassifier(seed);
  const engine = new TfjsEngine(model);
  const options: FitOptions<SequenceExample> = {
    train,
    validation,
    collate: model.collate,
    metrics: classificationMetrics,
    epochs: 3,
    batchSize: 16,
    seed,
    ...extra,
  };
  return { model, engine, done: () => fit(engine, options) };
}

describe('determinism', () => {
  it('the same seed trains to the same weights bit for bit', async () => {
    const a = run(5);
    const b = run(5);
    await a.done();
    await b.done();
    expect(sameWeights(await a.engine.readWeights(), await b.engine.readWeights())).toBe(true);
    const c = run(6);
    await c.done();
    expect(sameWeights(await a.engine.readWeights(), await c.engine.readWeights())).toBe(false);
  });
});

describe('checkpoints, resume and abort', () => {
  it('a run aborted mid-epoch and resumed ends with the same weights as an uninterrupted run', async () => {
    const reference = run(7);
    const refResult = await reference.done();

    const store = new MemoryCheckpointStore();
    const controller = new AbortController();
    let batchesAfterAbort = 0;
    const interrupted = run(7, {
      signal: controller.signal,
      checkpoint: { store, everySteps: 5 },
      onProgress: (e) => {
        if (e.type !== 'batch') return;
        if (controller.signal.aborted) batchesAfterAbort++;
        if (e.globalStep === 17) controller.abort(); // epoch 1, batch 4 of 12
      },
    });
    const error = await interrupted.done().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as Error).message).toBe('Training aborted at epoch 1, step 5.');
    expect(batchesAfterAbort).toBe(0); // stopped before the next batch
    const saved = await store.load();
    expect(saved).toMatchObject({ epoch: 1, batchInEpoch: 5, globalStep: 17 });

    // a fresh process would build the model again from scratch: resume must not depend on it
    const resumed = run(7, { checkpoint: { store } });
    const resumedResult = await resumed.done();
    expect(sameWeights(await resumed.engine.readWeights(), await reference.engine.readWeights())).toBe(true);
    expect(resumedResult.history.map((h) => h.trainLoss)).toEqual(refResult.history.map((h) => h.trainLoss));
  });

  it('refuses to resume a checkpoint from a different run', async () => {
    const store = new MemoryCheckpointStore();
    await run(8, { epochs: 1, checkpoint: { store } }).done();
    const other = run(9, { epochs: 1, checkpoint: { store } });
    await expect(other.done()).rejects.toThrow(CheckpointMismatchError);
    // starting over explicitly is allowed
    await expect(run(9, { epochs: 1, checkpoint: { store, resume: false } }).done()).resolves.toMatchObject({ epochsRun: 1 });
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', async () => {
    const r = run(10, { epochs: 30, learningRate: 3e-3, earlyStopping: { monitor: 'valLoss', patience: 2 } });
    const result = await r.done();
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochsRun).toBe(result.bestEpoch! + 3);
    expect(result.restoredBest).toBe(true);
    // the weights now in the engine score exactly the best epoch's validation loss
    let lossSum = 0;
    for (let i = 0; i < validation.length; i += 16) {
      const chunk = validation.slice(i, i + 16);
      lossSum += (await r.engine.evaluate(r.model.collate(chunk))).loss * chunk.length;
    }
    expect(lossSum / validation.length).toBeCloseTo(result.history[result.bestEpoch!]!.valLoss!, 5);
    expect(result.bestScore).toBe(result.history[result.bestEpoch!]!.valLoss);
  });

  it('names the metrics it could monitor when asked for an unknown one', async () => {
    await expect(run(10, { epochs: 1, earlyStopping: { monitor: 'f2' } }).done()).rejects.toThrow(
      'Invalid earlyStopping.monitor: got "f2"; expected "valLoss" or one of the validation metrics (accuracy, macroF1).',
    );
  });
});

describe('non-finite loss guard', () => {
  it('stops with a clear error and keeps the weights of the last finite step', async () => {
    const model = new LinearRegression();
    const engine = new TfjsEngine(model);
    const points: Point[] = Array.from({ length: 8 }, (_, i) => ({ x: [i, 1], y: 2 * i }));
    points[5] = { x: [3e38, 1], y: 0 }; // finite, but its squared error overflows (a NaN feature is refused as an InputError)
    let before: Float32Array | undefined;
    const error = await fit(engine, {
      train: points,
      collate: collatePoints,
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      onProgress: (e) => {
        if (e.type === 'batch' && e.batch === 4) before = (model.w.dataSync() as Float32Array).slice();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toMatch(/Loss became (NaN|Infinity) at epoch 0, step 5/);
    expect(Array.from(model.w.dataSync())).toEqual(Array.from(before!));
  });
});

describe('input checks', () => {
  const model = new LinearRegression();
  const engine = new TfjsEngine(model);
  it('an empty training set', async () => {
    await expect(fit(engine, { train: [], collate: collatePoints, epochs: 1 })).rejects.toThrow(InputError);
  });
  it('early stopping without validation data', async () => {
    await expect(
      fit(engine, { train: [{ x: [1, 1], y: 1 }], collate: collatePoints, epochs: 1, earlyStopping: {} }),
    ).rejects.toThrow(ConfigError);
  });
  it('a non-positive batch size or learning rate', async () => {
    const base = { train: [{ x: [1, 1], y: 1 } as Point], collate: collatePoints, epochs: 1 };
    await expect(fit(engine, { ...base, batchSize: 0 })).rejects.toThrow('Invalid batchSize: got 0; expected a positive integer.');
    await expect(fit(engine, { ...base, learningRate: -1 })).rejects.toThrow('Invalid learningRate: got -1');
  });
  it('bad schedule, early-stopping and checkpoint options', async () => {
    const base = { train: [{ x: [1, 1], y: 1 } as Point], validation: [{ x: [1, 1], y: 1 } as Point], collate: collatePoints, epochs: 1 };
    await expect(fit(engine, { ...base, warmupSteps: -1 })).rejects.toThrow('Invalid warmupSteps: got -1; expected a non-negative integer.');
    await expect(fit(engine, { ...base, warmupSteps: Number.NaN })).rejects.toThrow('Invalid warmupSteps: got NaN');
    // patience 0 used to stop before the first epoch and report stoppedEarly with no history
    await expect(fit(engine, { ...base, earlyStopping: { patience: 0 } })).rejects.toThrow('Invalid earlyStopping.patience: got 0; expected a positive integer.');
    await expect(fit(engine, { ...base, earlyStopping: { mode: 'up' as never } })).rejects.toThrow('Invalid earlyStopping.mode');
    // a checkpoint option without a store used to train without checkpoints, silently
    await expect(fit(engine, { ...base, checkpoint: { store: null as never } })).rejects.toThrow('Invalid checkpoint.store: got null; expected a CheckpointStore');
  });

  it('a collate that returns no batch, a wrong shape, plain arrays or NaN features is an InputError naming the tensor', async () => {
    const base = { train: [{ x: [1, 1], y: 1 } as Point, { x: [2, 1], y: 2 } as Point], epochs: 1 };
    const altered = (change: (b: Record<string, { data: unknown; shape: number[] }>) => void) => (xs: Point[]) => {
      const b = collatePoints(xs) as unknown as Record<string, { data: unknown; shape: number[] }>;
      change(b);
      return b as never;
    };
    await expect(fit(engine, { ...base, collate: () => null as never })).rejects.toThrow('collate returned null for training batch 0 of epoch 0');
    await expect(fit(engine, { ...base, collate: altered((b) => (b['x']!.shape = [7, 2])) })).rejects.toThrow('collate\'s tensor "x" (training batch 0 of epoch 0) has 4 values but its shape [7, 2] needs 14.');
    await expect(fit(engine, { ...base, collate: altered((b) => (b['x']!.data = [1, 1, 2, 1])) })).rejects.toThrow('must hold its values as an Int32Array or Float32Array; got [object Array]');
    await expect(fit(engine, { ...base, collate: altered((b) => ((b['x']!.data as Float32Array)[2] = Number.NaN)) })).rejects.toThrow('holds NaN at index 2; features must be finite numbers');
    // a tensor the model needs is missing: the engine's own message, as an InputError that points at collate
    const error = await fit(engine, { ...base, collate: altered((b) => delete b['y']) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^tfjs-\w+ could not run the first training batch: .+ Check that collate returns every tensor the model takes/);
  });

  it('a token id outside the vocabulary is caught before it reaches the backend', () => {
    const m = tinyClassifier();
    expect(() => m.collate([{ ids: [1, 99], label: 0 }])).toThrow('token id 99 at position 1; ids must be integers in [0, 12)');
    expect(() => m.collate([{ ids: [1, 2], label: 5 }])).toThrow('label 5; labels must be integers in [0, 2)');
    expect(() => m.collate([{ ids: new Array(17).fill(1), label: 0 }])).toThrow("maxLength is 16");
    expect(tf.memory().numTensors).toBeGreaterThan(0);
  });
});
