import { ConfigError } from '../errors/config-error.js';
import { checkBatch, explainFirstBatch } from './check-batch.js';
import { InputError } from '../errors/input-error.js';
import { AbortedError, CheckpointMismatchError, NonFiniteLossError } from '../errors/training-errors.js';
import { deriveSeed, hashString } from '../util/random.js';
import { nonNegativeInt, nonNegativeNumber, oneOf, positiveInt, positiveNumber, rate } from '../util/validate.js';
import { ADAMW_DEFAULTS } from './adamw.js';
import { epochBatches, sequentialBatches } from './batching.js';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';
import type { TrainingEngine } from './engine.js';
import type { EpochSummary, ProgressEvent } from './events.js';
import { warmupCosine } from './schedule.js';
import type { Batch, EvalResult, NamedArray, StepParams } from './types.js';

export interface EarlyStoppingOptions {
  /** `valLoss` or the name of a validation metric. Default `valLoss`. */
  monitor?: string;
  /** Whether smaller or larger is better. Default: `min` for losses, `max` for metrics. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 3. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put back the best epoch's weights when training ends. Default true. */
  restoreBest?: boolean;
}

export interface CheckpointOptions {
  store: CheckpointStore;
  /** Also save every this many steps (a checkpoint is always written at the end of each epoch and on abort). */
  everySteps?: number;
  /** Continue from the store's checkpoint when there is one. Default true. */
  resume?: boolean;
}

/** What `collate` knows about the batch it builds. */
export interface CollateContext {
  /** True for a training step; false for validation and evaluation (no augmentation there). */
  training: boolean;
  /** Zero-based epoch (0 for evaluation outside fit). */
  epoch: number;
  /** Seed for this batch's randomness: a function of the run seed and the global step only. */
  seed: number;
}

/** The context of a batch outside training: deterministic, no augmentation. */
export const EVAL_COLLATE_CONTEXT: CollateContext = Object.freeze({ training: false, epoch: 0, seed: 0 });

export interface FitOptions<E> {
  /** Training examples, in any shape the collate function understands. */
  train: readonly E[];
  /**
   * Turns a list of examples into a batch of named arrays. The context says whether the batch is for
   * a training step and gives a seed derived from the run's seed and the step, so per-step randomness
   * (augmentation, sampled negatives) is reproducible and survives a resume.
   */
  collate: (examples: E[], context: CollateContext) => Batch;
  /** Held-out examples scored after each epoch. */
  validation?: readonly E[];
  /** Validation metrics from the eval outputs of every validation batch (in order). */
  metrics?: (outputs: EvalResult[], examples: readonly E[]) => Record<string, number>;
  /** Passes over the training data. */
  epochs: number;
  /** Examples per step. Default 32. */
  batchSize?: number;
  /** Seed of shuffling and dropout. Default 0. (Initial weights are seeded where the model is built.) */
  seed?: number;
  /** Peak learning rate. Default 1e-3. */
  learningRate?: number;
  /** Steps of linear warm-up. Default 6% of all steps. */
  warmupSteps?: number;
  /** Learning rate reached at the end of the cosine decay. Default 0. */
  minLearningRate?: number;
  /** AdamW decoupled weight decay. Default 0.01. */
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Clip the global gradient norm to this value; 0 turns clipping off. Default 1. */
  clipNorm?: number;
  /** Shuffle the training data each epoch. Default true. */
  shuffle?: boolean;
  earlyStopping?: EarlyStoppingOptions;
  checkpoint?: CheckpointOptions;
  /** Cancels training within one batch; the run is checkpointed first when a store is configured. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Tokens in a batch, for tokens/second in progress events. */
  countTokens?: (batch: Batch) => number;
}

export interface FitResult {
  engine: string;
  history: EpochSummary[];
  epochsRun: number;
  globalStep: number;
  stoppedEarly: boolean;
  bestEpoch?: number;
  bestScore?: number;
  restoredBest: boolean;
}

/**
 * Trains any model behind a `TrainingEngine`: AdamW with warm-up and cosine decay, global-norm
 * clipping, seeded shuffling, validation with early stopping, checkpoints and resume, cancellation,
 * a non-finite loss guard, and progress events. It knows nothing about the model.
 */
export async function fit<E>(engine: TrainingEngine, options: FitOptions<E>): Promise<FitResult> {
  const cfg = resolveOptions(options);
  const { train, validation } = options;
  const stepsPerEpoch = Math.ceil(train.length / cfg.batchSize);
  const totalSteps = stepsPerEpoch * cfg.epochs;
  const warmupSteps = options.warmupSteps === undefined ? Math.round(0.06 * totalSteps) : nonNegativeInt('warmupSteps', options.warmupSteps);
  const fingerprint = fingerprintOf(engine, cfg, train.length);
  const emit = (e: ProgressEvent) => options.onProgress?.(e);

  let epoch = 0;
  let batchInEpoch = 0;
  let globalStep = 0;
  let epochLoss = { sum: 0, count: 0 };
  let best: Checkpoint['best'];
  let epochsWithoutImprovement = 0;
  const history: EpochSummary[] = [];

  const store = options.checkpoint?.store;
  const resumed = store && options.checkpoint?.resume !== false ? await store.load() : undefined;
  if (resumed) {
    if (resumed.fingerprint !== fingerprint) {
      throw new CheckpointMismatchError(
        'The checkpoint in the store belongs to a different run (model weights, seed, batch size, epochs or ' +
          'training set size differ). Clear the store or pass checkpoint.resume = false to start over.',
      );
    }
    engine.writeState(resumed.state);
    ({ epoch, batchInEpoch, globalStep, best, epochsWithoutImprovement, epochLoss } = resumed);
    history.push(...resumed.history);
  }

  /** Saves the run as it stands with `batchesDone` batches of the current epoch finished. */
  const saveCheckpoint = async (batchesDone: number) => {
    if (!store) return;
    const checkpoint: Checkpoint = {
      formatVersion: 1,
      fingerprint,
      epoch,
      batchInEpoch: batchesDone,
      globalStep,
      state: await engine.readState(),
      epochsWithoutImprovement,
      history: [...history],
      epochLoss: { ...epochLoss },
      ...(best ? { best } : {}),
    };
    await store.save(checkpoint);
    emit({ type: 'checkpoint', epoch, batchInEpoch: batchesDone, globalStep });
  };

  emit({
    type: 'start',
    engine: engine.name,
    epochs: cfg.epochs,
    stepsPerEpoch,
    totalSteps,
    trainExamples: train.length,
    validationExamples: validation?.length ?? 0,
    ...(resumed ? { resumedFrom: { epoch, batchInEpoch, globalStep } } : {}),
  });

  const started = performance.now();
  const stepsAtStart = globalStep;
  let stoppedEarly = earlyStopTriggered(epochsWithoutImprovement, cfg);
  let lr = cfg.learningRate;

  while (epoch < cfg.epochs && !stoppedEarly) {
    const epochStarted = performance.now();
    const batches = epochBatches(train.length, cfg.batchSize, cfg.seed, epoch, cfg.shuffle);
    for (; batchInEpoch < batches.length; batchInEpoch++) {
      if (options.signal?.aborted) {
        await saveCheckpoint(batchInEpoch);
        throw new AbortedError(epoch, batchInEpoch);
      }
      const indices = batches[batchInEpoch]!;
      const batch = checkBatch(
        options.collate(Array.from(indices, (i) => train[i]!), { training: true, epoch, seed: deriveSeed(cfg.seed, 0xc0, globalStep) }),
        `training batch ${batchInEpoch} of epoch ${epoch}`,
      );
      lr = warmupCosine(globalStep, cfg.learningRate, warmupSteps, totalSteps, cfg.minLearningRate);
      const params: StepParams = { ...cfg.adamw, learningRate: lr, clipNorm: cfg.clipNorm, seed: deriveSeed(cfg.seed, 0xd0, globalStep) };
      const t0 = performance.now();
      const result = globalStep === stepsAtStart ? await explainFirstBatch(engine.name, 'first training batch', () => engine.step(batch, params)) : await engine.step(batch, params);
      if (!result.applied) {
        throw new NonFiniteLossError(epoch, batchInEpoch, Number.isFinite(result.loss) ? result.gradNorm : result.loss);
      }
      globalStep += 1;
      epochLoss.sum += result.loss * indices.length;
      epochLoss.count += indices.length;
      const seconds = (performance.now() - t0) / 1000;
      const perStep = (performance.now() - started) / 1000 / (globalStep - stepsAtStart);
      const tokens = options.countTokens?.(batch);
      emit({
        type: 'batch',
        epoch,
        batch: batchInEpoch,
        globalStep,
        totalSteps,
        loss: result.loss,
        gradNorm: result.gradNorm,
        learningRate: lr,
        examplesPerSecond: indices.length / seconds,
        ...(tokens !== undefined ? { tokensPerSecond: tokens / seconds } : {}),
        etaSeconds: perStep * (totalSteps - globalStep),
      });
      if (cfg.everySteps > 0 && globalStep % cfg.everySteps === 0 && batchInEpoch + 1 < batches.length) {
        await saveCheckpoint(batchInEpoch + 1);
      }
    }

    const evaluation = validation?.length ? await evaluateAll(engine, validation, options, cfg.batchSize) : undefined;
    const summary: EpochSummary = {
      epoch,
      trainLoss: epochLoss.sum / Math.max(1, epochLoss.count),
      ...(evaluation ? { valLoss: evaluation.loss } : {}),
      metrics: evaluation?.metrics ?? {},
      learningRate: lr,
      seconds: (performance.now() - epochStarted) / 1000,
    };
    history.push(summary);
    let improved = false;
    if (cfg.earlyStopping) {
      const score = monitoredScore(summary, cfg.earlyStopping.monitor);
      const { mode, minDelta } = cfg.earlyStopping;
      improved = !best || (mode === 'min' ? score < best.score - minDelta : score > best.score + minDelta);
      if (improved) {
        best = { score, epoch, weights: await engine.readWeights() };
        epochsWithoutImprovement = 0;
      } else {
        epochsWithoutImprovement += 1;
      }
    }
    emit({ type: 'epoch', ...summary, improved, ...(best ? { bestScore: best.score } : {}) });
    epoch += 1;
    batchInEpoch = 0;
    epochLoss = { sum: 0, count: 0 };
    stoppedEarly = earlyStopTriggered(epochsWithoutImprovement, cfg);
    await saveCheckpoint(0);
    if (stoppedEarly && best) emit({ type: 'early-stop', epoch: epoch - 1, bestEpoch: best.epoch, bestScore: best.score });
  }

  const restoredBest = Boolean(cfg.earlyStopping?.restoreBest && best);
  if (restoredBest) engine.writeWeights(best!.weights as NamedArray[]);
  emit({
    type: 'end',
    epochsRun: epoch,
    restoredBest,
    seconds: (performance.now() - started) / 1000,
    ...(best ? { bestEpoch: best.epoch } : {}),
  });
  return {
    engine: engine.name,
    history,
    epochsRun: epoch,
    globalStep,
    stoppedEarly,
    restoredBest,
    ...(best ? { bestEpoch: best.epoch, bestScore: best.score } : {}),
  };
}

async function evaluateAll<E>(
  engine: TrainingEngine,
  examples: readonly E[],
  options: FitOptions<E>,
  batchSize: number,
): Promise<{ loss: number; metrics: Record<string, number> }> {
  const outputs: EvalResult[] = [];
  let lossSum = 0;
  for (const [start, end] of sequentialBatches(examples.length, batchSize)) {
    const batch = checkBatch(options.collate(examples.slice(start, end) as E[], EVAL_COLLATE_CONTEXT), `validation examples ${start}-${end - 1}`);
    const result = start === 0 ? await explainFirstBatch(engine.name, 'first validation batch', () => engine.evaluate(batch)) : await engine.evaluate(batch);
    lossSum += result.loss * (end - start);
    outputs.push(result);
  }
  return { loss: lossSum / examples.length, metrics: options.metrics?.(outputs, examples) ?? {} };
}

function monitoredScore(summary: EpochSummary, monitor: string): number {
  const value = monitor === 'valLoss' ? summary.valLoss : summary.metrics[monitor];
  if (value === undefined) {
    throw new ConfigError(
      'earlyStopping.monitor',
      monitor,
      `"valLoss" or one of the validation metrics (${Object.keys(summary.metrics).join(', ') || 'none were computed'})`,
    );
  }
  return value;
}

function earlyStopTriggered(epochsWithoutImprovement: number, cfg: ResolvedOptions): boolean {
  return Boolean(cfg.earlyStopping && epochsWithoutImprovement >= cfg.earlyStopping.patience);
}

type ResolvedOptions = ReturnType<typeof resolveOptions>;

/** AdamW's peak learning rate above which every run diverges: refused up front rather than as a NaN loss. */
const MAX_LEARNING_RATE = 1;

function atMost(field: string, value: number, max: number, what = String(max)): number {
  if (value > max) throw new ConfigError(field, value, `at most ${what}`);
  return value;
}

function resolveOptions<E>(o: FitOptions<E>) {
  if (!Array.isArray(o.train) || o.train.length === 0) {
    throw new InputError('fit() needs at least one training example; `train` is empty or not an array.');
  }
  if (typeof o.collate !== 'function') throw new ConfigError('collate', o.collate, 'a function (examples) => batch');
  const es = o.earlyStopping;
  if (es && !o.validation?.length) {
    throw new ConfigError('earlyStopping', 'set', 'validation examples as well (early stopping scores them each epoch)');
  }
  const monitor = es?.monitor ?? 'valLoss';
  const store = o.checkpoint?.store as Partial<CheckpointStore> | undefined;
  if (o.checkpoint !== undefined && !(store && typeof store.save === 'function' && typeof store.load === 'function' && typeof store.clear === 'function')) {
    throw new ConfigError('checkpoint.store', store, 'a CheckpointStore (FileCheckpointStore from @attune/node, MemoryCheckpointStore); leave checkpoint out to train without checkpoints');
  }
  return {
    epochs: nonNegativeInt('epochs', o.epochs),
    batchSize: positiveInt('batchSize', o.batchSize ?? 32),
    seed: nonNegativeInt('seed', o.seed ?? 0),
    learningRate: atMost('learningRate', positiveNumber('learningRate', o.learningRate ?? 1e-3), MAX_LEARNING_RATE),
    minLearningRate: atMost('minLearningRate', nonNegativeNumber('minLearningRate', o.minLearningRate ?? 0), o.learningRate ?? 1e-3, 'the learning rate'),
    clipNorm: nonNegativeNumber('clipNorm', o.clipNorm ?? 1),
    shuffle: o.shuffle ?? true,
    everySteps: nonNegativeInt('checkpoint.everySteps', o.checkpoint?.everySteps ?? 0),
    adamw: {
      beta1: rate('beta1', o.beta1 ?? ADAMW_DEFAULTS.beta1),
      beta2: rate('beta2', o.beta2 ?? ADAMW_DEFAULTS.beta2),
      epsilon: atMost('epsilon', positiveNumber('epsilon', o.epsilon ?? ADAMW_DEFAULTS.epsilon), 1),
      weightDecay: atMost('weightDecay', nonNegativeNumber('weightDecay', o.weightDecay ?? ADAMW_DEFAULTS.weightDecay), 10),
    },
    earlyStopping: es
      ? {
          monitor,
          mode: oneOf('earlyStopping.mode', es.mode ?? (monitor.toLowerCase().includes('loss') ? 'min' : 'max'), ['min', 'max'] as const),
          // 0 would stop before the first epoch: at least one epoch without improvement must pass
          patience: positiveInt('earlyStopping.patience', es.patience ?? 3),
          minDelta: nonNegativeNumber('earlyStopping.minDelta', es.minDelta ?? 0),
          restoreBest: es.restoreBest ?? true,
        }
      : undefined,
  };
}

function fingerprintOf(engine: TrainingEngine, cfg: ResolvedOptions, trainSize: number): string {
  const weights = engine.describeWeights().map((w) => `${w.name}:${w.shape.join('x')}`).join(';');
  const run = [cfg.seed, cfg.batchSize, cfg.epochs, trainSize, cfg.learningRate].join(',');
  return `${hashString(weights).toString(16)}-${hashString(run).toString(16)}`;
}
