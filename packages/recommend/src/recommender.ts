import {
  checkRuntime, checkSettings, exportArtifact, InputError, loadPredictor, ONNX_FILE, openSession, train,
  type Artifact, type FitResult, type PluginFitOptions, type Predictor, type Runtime, type Session, type TrainedModel,
} from '@attune/core';
import { buildSequences, type Interaction, type ItemId, type SequenceOptions } from './data/interactions.js';
import { leaveOneOut, type HeldOutCase } from './data/split.js';
import { evaluateCases, type EvaluateOptions, type RecommenderEvaluation } from './evaluation/evaluate.js';
import { historyWindows } from './data/windows.js';
import { DEFAULT_RECOMMENDER_CONFIG, sequentialRecommenderPlugin as plugin } from './plugin/plugin.js';
import type { EncodedSequence, Recommendation, RecommendInput, RecommendOptions, RecommenderConfig, RecommenderState, SequenceExample } from './plugin/types.js';

type Trained = TrainedModel<RecommenderState, RecommenderConfig, EncodedSequence>;

export interface TrainRecommenderOptions extends PluginFitOptions, SequenceOptions {
  /** The platform: `createNodeRuntime()` from @attune/node, `createWebRuntime()` from @attune/web. */
  runtime: Runtime;
  /** Model settings over `DEFAULT_RECOMMENDER_CONFIG`. */
  config?: Partial<RecommenderConfig>;
  /**
   * `true` (default): leave-one-out by time. Each user's last item is kept for `evaluate()`, the one
   * before for validation (scored each epoch: `ndcg@10`, `hr@10`, `mrr@10`, usable for early
   * stopping), the rest trains. `false`: train on everything (for the model you ship).
   */
  holdOut?: boolean;
  /** Score the validation items after every epoch (needed for early stopping). Default true. */
  validate?: boolean;
  /**
   * `true` (default): a history longer than `maxLength + 1` trains on every stretch of it
   * (`historyWindows`), not only on its newest `maxLength + 1` items.
   */
  wholeHistories?: boolean;
}

/**
 * Next-item recommendation for users the model has never seen: a thin, isomorphic facade over core's
 * `train` / `exportArtifact` / `loadPredictor` for `sequentialRecommenderPlugin`. Recommendations
 * and evaluation both run the exported ONNX graph, so a saved and reloaded model agrees.
 */
export class Recommender {
  private session?: Session;

  private constructor(
    private readonly artifact: Artifact,
    private readonly predictor: Predictor<RecommendInput, Recommendation>,
    private readonly runtime: Runtime,
    private readonly trained?: Trained,
    /** Held-out test cases of this session's split (not saved in the artifact). */
    readonly testCases: readonly HeldOutCase[] = [],
  ) {}

  /** Trains on an interaction log (`parseInteractionsCsv` reads one from a file). */
  static async train(log: readonly Interaction[], options: TrainRecommenderOptions): Promise<Recommender> {
    const { runtime, holdOut = true, validate = true, wholeHistories = true, minRating, config, ...fitOptions } = options ?? ({} as Partial<TrainRecommenderOptions>);
    checkRuntime(runtime);
    // Before the log is windowed by maxLength: maxLength 0 would otherwise loop until memory runs out.
    checkSettings(plugin, config ?? {}, { ...plugin.defaultConfig, ...config });
    const sequences = buildSequences(log, minRating === undefined ? {} : { minRating });
    const split = holdOut ? leaveOneOut(sequences) : undefined;
    const maxLength = config?.maxLength ?? DEFAULT_RECOMMENDER_CONFIG.maxLength;
    const examples: SequenceExample[] = (split?.train ?? sequences).flatMap((s) => (wholeHistories ? historyWindows(s.items, maxLength) : [{ items: s.items }]));
    if (split?.heldOutItems.length) examples.push({ items: [], heldOut: split.heldOutItems });
    const validation = validate ? split?.validation.map((c) => ({ items: [...c.history, c.target] })) : undefined;
    if (!examples.some((e) => e.items.length >= 2)) {
      throw new InputError('Every user has fewer than 2 training interactions, so there is no next item to learn; give the model longer histories.');
    }
    const trained = await train(plugin, runtime, examples, {
      // measured on MovieLens latest-small (README "Quality"): small batches (more updates per
      // epoch) at 3e-3 without weight decay learned fastest
      batchSize: 32,
      learningRate: 3e-3,
      weightDecay: 0,
      ...fitOptions,
      ...(validation?.length ? { validation } : {}),
      ...(config ? { config } : {}),
    });
    const artifact = await exportArtifact(trained);
    return new Recommender(artifact, await loadPredictor(plugin, artifact, runtime), runtime, trained, split?.test ?? []);
  }

  /** A recommender from an artifact in memory (e.g. `loadPackedArtifact` in a browser). */
  static async fromArtifact(artifact: Artifact, runtime: Runtime): Promise<Recommender> {
    return new Recommender(artifact, await loadPredictor(plugin, artifact, runtime), runtime);
  }

  /** `Recommender.load('models/next-movie', runtime, loadArtifact)` with @attune/node's `loadArtifact`. */
  static async load<Source>(source: Source, runtime: Runtime, read: (source: Source) => Promise<Artifact>): Promise<Recommender> {
    return Recommender.fromArtifact(await read(source), runtime);
  }

  /** The training run (engine, per-epoch history) when trained in this session. */
  get training(): FitResult | undefined {
    return this.trained?.result;
  }

  get config(): RecommenderConfig {
    return { ...plugin.defaultConfig, ...(this.artifact.manifest.model.config as Partial<RecommenderConfig>) };
  }

  get state(): RecommenderState {
    return this.artifact.manifest.preprocessing as unknown as RecommenderState;
  }

  /** Catalogue item ids. */
  get items(): readonly ItemId[] {
    return this.state.items;
  }

  get device(): string {
    return this.predictor.device;
  }

  /** The top k items after `history` (oldest first), scored and ranked inside the ONNX graph. */
  async recommend(history: readonly ItemId[], options: RecommendOptions = {}): Promise<Recommendation> {
    return (await this.recommendMany([history], options))[0]!;
  }

  /** `recommend` for many histories, batched into one ONNX Runtime call per 64. */
  async recommendMany(histories: ReadonlyArray<readonly ItemId[]>, options: RecommendOptions = {}): Promise<Recommendation[]> {
    if (!Array.isArray(histories)) throw new InputError(`recommendMany expects an array of histories; got ${typeof histories}.`);
    return this.predictor.predict(histories.map((history) => ({ ...options, history })));
  }

  /**
   * HR@K, NDCG@K and MRR@K under full ranking and 100 sampled negatives, with the popularity baseline
   * on the same cases. Default cases: the test items held out when this model was trained.
   */
  async evaluate(cases: readonly HeldOutCase[] = this.testCases, options: EvaluateOptions = {}): Promise<RecommenderEvaluation> {
    if (cases.length === 0) throw new InputError('No evaluation cases: train with holdOut (the default) or pass cases from leaveOneOut().');
    this.session ??= await openSession(this.runtime, this.artifact.files.get(ONNX_FILE)!);
    return evaluateCases(this.session, cases, this.state, this.config, options);
  }

  toArtifact(): Artifact {
    return this.artifact;
  }

  /** `recommender.save('models/next-movie', saveArtifact)` with @attune/node's `saveArtifact` (atomic). */
  async save<Target>(target: Target, write: (target: Target, artifact: Artifact) => Promise<unknown>): Promise<void> {
    await write(target, this.artifact);
  }

  async release(): Promise<void> {
    await this.predictor.release();
    await this.session?.release();
    this.session = undefined;
  }
}
