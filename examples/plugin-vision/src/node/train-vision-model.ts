/// <reference types="node" />
import { evaluate, exportArtifact, train, type ProgressEvent } from '@attune/core';
import { createNodeRuntime, saveArtifact } from '@attune/node';
import { visionPlugin, type VisionConfig } from '../plugin/plugin.js';
import { loadMnist } from './mnist.js';

export interface TrainVisionOptions {
  /** Where the artifact directory is written (atomically). */
  outDir: string;
  /** Passes over the training images. Default 4. */
  epochs?: number;
  /** Training images (balanced across digits, from the fixed split). Default 3000. */
  trainCount?: number;
  /** Validation images scored after each epoch (best epoch kept). Default 500. */
  validationCount?: number;
  /** Test images for the reported accuracy. Default all (~2,000). */
  testCount?: number;
  /** Model settings over the plugin's defaults. */
  config?: Partial<VisionConfig>;
  seed?: number;
  learningRate?: number;
  batchSize?: number;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export interface TrainVisionResult {
  outDir: string;
  /** Training engine used (`onnxruntime-cpu`, `tfjs-wasm`, ...). */
  engine: string;
  /** Accuracy, macro-F1 and loss on the held-out test digits. */
  test: Record<string, number>;
  seconds: number;
}

/**
 * Trains the vision plugin on the `mnist` package's digits in Node, evaluates it on the test split
 * and saves an artifact that `attune serve` and `loadPredictor` can load. For demos and benches.
 */
export async function trainVisionModel(options: TrainVisionOptions): Promise<TrainVisionResult> {
  const started = performance.now();
  const data = loadMnist({ trainCount: options.trainCount ?? 3000, validationCount: options.validationCount ?? 500, testCount: options.testCount });
  const runtime = createNodeRuntime();
  const trained = await train(visionPlugin, runtime, data.train, {
    validation: data.validation,
    epochs: options.epochs ?? 4,
    batchSize: options.batchSize ?? 64,
    learningRate: options.learningRate ?? 2e-3,
    seed: options.seed ?? 0,
    earlyStopping: { monitor: 'accuracy', mode: 'max', patience: 100, restoreBest: true },
    ...(options.config ? { config: options.config } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const test = await evaluate(visionPlugin, trained, data.test);
  const extraMetrics = { testAccuracy: test['accuracy']!, testMacroF1: test['macroF1']!, testLoss: test.loss };
  await saveArtifact(options.outDir, await exportArtifact(trained, { extraMetrics }));
  return { outDir: options.outDir, engine: trained.result.engine, test, seconds: (performance.now() - started) / 1000 };
}

