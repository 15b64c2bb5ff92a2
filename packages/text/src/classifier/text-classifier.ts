import {
  accuracy, checkRuntime, ConfigError, evaluate, exportArtifact, InputError, loadPredictor, macroF1, train,
  type Artifact, type FitResult, type PluginFitOptions, type Predictor, type Runtime, type TrainedModel,
} from '@attune/core';
import { checkAbstainOption, learnAbstainThreshold } from './abstain.js';
import { checkTexts, labelsOf } from './checks.js';
import type { TextEncoded } from './encoded.js';
import { learnThresholds, multiLabelMetrics } from './metrics.js';
import { textClassifierPlugin as plugin } from './plugin.js';
import type { AbstainState, TextClassifierConfig, TextClassifierState, TextExample, TextPrediction } from './types.js';

type Trained = TrainedModel<TextClassifierState, TextClassifierConfig, TextEncoded>;

export interface TrainTextClassifierOptions extends PluginFitOptions {
  /** The platform: `createNodeRuntime()` from @attune/node, `createWebRuntime()` from @attune/web. */
  runtime: Runtime;
  /**
   * Held-out examples: validation metrics each epoch, early stopping, the abstain threshold, and
   * (multi-label) the per-label thresholds, which stay at 0.5 without validation.
   */
  validation?: readonly TextExample[];
  /** Tokenizer and model settings over `DEFAULT_TEXT_CONFIG`. */
  config?: Partial<TextClassifierConfig>;
  /**
   * Predict `label: null` under a score threshold: either given, or learned on `validation` as the
   * lowest threshold whose accepted validation predictions are at least `targetPrecision` correct.
   */
  abstain?: { targetPrecision: number } | { threshold: number };
}

/**
 * A thin, isomorphic facade over core's `train` / `evaluate` / `exportArtifact` / `loadPredictor`
 * for `textClassifierPlugin`. File I/O is passed in (`save(dir, saveArtifact)`), never imported,
 * so the same class runs in Node and in browsers.
 */
export class TextClassifier {
  private constructor(
    private readonly artifact: Artifact,
    private readonly predictor: Predictor<string, TextPrediction>,
    private readonly trained?: Trained,
  ) {}

  static async train(examples: readonly TextExample[], options: TrainTextClassifierOptions): Promise<TextClassifier> {
    const { runtime, abstain, ...trainOptions } = options ?? ({} as Partial<TrainTextClassifierOptions>);
    checkRuntime(runtime);
    if (abstain !== undefined) checkAbstainOption(abstain);
    if (abstain && 'targetPrecision' in abstain && !trainOptions.validation?.length) {
      throw new InputError('abstain.targetPrecision needs validation examples to learn the threshold on; pass `validation`.');
    }
    if (abstain && trainOptions.config?.multiLabel) {
      throw new InputError('abstain applies to multi-class models; a multi-label model already predicts no label when none reaches its threshold.');
    }
    const trained = await train(plugin, runtime, examples, trainOptions);
    const first = await TextClassifier.fromTrained(trained, runtime);
    if (trained.config.multiLabel && trainOptions.validation?.length) {
      // Per-label thresholds that maximise each label's validation F1 join the state after training.
      const validation = trainOptions.validation;
      const predictions = await first.predict(validation.map((e) => e.text));
      const scores = predictions.flatMap((p) => trained.state.labels.map((l) => p.scores[l]!));
      const truth = validation.map((e) => labelsOf(e).map((l) => trained.state.labels.indexOf(l)));
      const thresholds = learnThresholds(scores, truth, trained.state.labels.length);
      await first.release();
      return TextClassifier.fromTrained({ ...trained, state: { ...trained.state, thresholds } }, runtime);
    }
    if (!abstain) return first;
    let rule: AbstainState;
    if ('threshold' in abstain) rule = { threshold: abstain.threshold };
    else {
      const validation = trainOptions.validation!;
      const predictions = await first.predict(validation.map((e) => e.text));
      const scored = predictions.map((p, i) => ({ score: p.score, correct: p.label === labelsOf(validation[i]!)[0] }));
      rule = learnAbstainThreshold(scored, abstain.targetPrecision);
    }
    await first.release();
    // The threshold is known only after training, so it joins the state here (see README "API gaps").
    return TextClassifier.fromTrained({ ...trained, state: { ...trained.state, abstain: rule } }, runtime);
  }

  /** A classifier from an artifact in memory (e.g. `loadPackedArtifact` in a browser). */
  static async fromArtifact(artifact: Artifact, runtime: Runtime): Promise<TextClassifier> {
    return new TextClassifier(artifact, await loadPredictor(plugin, artifact, runtime));
  }

  /** `TextClassifier.load('models/intents', runtime, loadArtifact)` with @attune/node's `loadArtifact`. */
  static async load<Source>(source: Source, runtime: Runtime, read: (source: Source) => Promise<Artifact>): Promise<TextClassifier> {
    return TextClassifier.fromArtifact(await read(source), runtime);
  }

  private static async fromTrained(trained: Trained, runtime: Runtime): Promise<TextClassifier> {
    // Predictions always come from the exported ONNX model, so a saved and reloaded copy agrees.
    const artifact = await exportArtifact(trained, { state: trained.state });
    return new TextClassifier(artifact, await loadPredictor(plugin, artifact, runtime), { ...trained });
  }

  /** The training run (engine, per-epoch history) when trained in this session; undefined when loaded. */
  get training(): FitResult | undefined {
    return this.trained?.result;
  }

  get labels(): readonly string[] {
    return this.state.labels;
  }

  /** Model configuration the artifact was trained with (defaults filled in). */
  get config(): TextClassifierConfig {
    return { ...plugin.defaultConfig, ...(this.artifact.manifest.model.config as Partial<TextClassifierConfig>) };
  }

  get state(): TextClassifierState {
    return this.artifact.manifest.preprocessing as unknown as TextClassifierState;
  }

  /** Where inference runs (`cpu`, `cuda`, `webgpu`, `wasm`). */
  get device(): string {
    return this.predictor.device;
  }

  /** Predictions for `texts`, run `batchSize` at a time. */
  async predict(texts: readonly string[], options: { batchSize?: number } = {}): Promise<TextPrediction[]> {
    checkTexts(texts);
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError('batchSize', batchSize, 'a positive integer');
    const out: TextPrediction[] = [];
    for (let i = 0; i < texts.length; i += batchSize) out.push(...(await this.predictor.predict(texts.slice(i, i + batchSize))));
    return out;
  }

  /**
   * Accuracy and macro-F1 on labelled examples (abstaining ignored: the top label counts). A model
   * trained in this session uses core's `evaluate` (which adds `loss`); a loaded one its predictions.
   * Multi-label: subset `accuracy`, `microF1` and `macroF1` at the learned per-label thresholds.
   */
  async evaluate(examples: readonly TextExample[]): Promise<Record<string, number>> {
    if (examples.length === 0) throw new InputError('text-classifier: evaluation needs at least one example; got none.');
    const encoded = examples.map((e) => plugin.encode(e, this.state, this.config)); // same checks as training
    if (this.state.thresholds) {
      const predictions = await this.predict(examples.map((e) => e.text));
      const scores = predictions.flatMap((p) => this.state.labels.map((l) => p.scores[l]!));
      return multiLabelMetrics(scores, encoded.map((e) => e.labels!), this.state.labels.length, this.state.thresholds);
    }
    if (this.trained) return evaluate(plugin, this.trained, examples);
    const truth = encoded.map((e) => e.label);
    const predictions = await this.predict(examples.map((e) => e.text));
    const predicted = predictions.map((p) => topIndex(p, this.state.labels));
    return { accuracy: accuracy(truth, predicted), macroF1: macroF1(truth, predicted, this.state.labels.length) };
  }

  /** The artifact (manifest, model.onnx, training state) to save with any writer. */
  toArtifact(): Artifact {
    return this.artifact;
  }

  /** `classifier.save('models/intents', saveArtifact)` with @attune/node's `saveArtifact` (atomic). */
  async save<Target>(target: Target, write: (target: Target, artifact: Artifact) => Promise<unknown>): Promise<void> {
    await write(target, this.artifact);
  }

  async release(): Promise<void> {
    await this.predictor.release();
  }
}

function topIndex(p: TextPrediction, labels: readonly string[]): number {
  let best = 0;
  for (let k = 1; k < labels.length; k++) if (p.scores[labels[k]!]! > p.scores[labels[best]!]!) best = k;
  return best;
}
