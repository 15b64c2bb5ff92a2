import * as tf from '@tensorflow/tfjs-core';
import {
  emitMask, emitPool, emitTokenMask, embeddingLookup, Linear, maskedMeanPool, Module, pool, PositionalEmbedding, TokenEmbedding,
  TransformerEncoder,
  type EmitContext, type ForwardContext, type ModuleOptions, type OnnxExportable, type OnnxTrainable, type PoolingKind,
  type PositionalKind, type TfjsTrainable,
} from '@attune/core';
import { emitSigmoidLoss, emitSoftmaxLoss, sigmoidLoss, softmaxLoss, type LossOptions } from './losses.js';

export interface TextModelConfig {
  vocabSize: number;
  maxLength: number;
  numClasses: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  ffnDim: number;
  dropout: number;
  positional: PositionalKind;
  pooling: PoolingKind;
  /** Hashed n-gram buckets of the bag-of-n-grams branch; 0 leaves the branch out. */
  ngramBuckets: number;
  /** Width of an n-gram embedding. */
  ngramDim: number;
  /**
   * Weight per n-gram bucket (0 for the padding bucket 0; the IDF of each n-gram): the bag is then
   * Σ wᵢ·eᵢ / ‖w‖₂ over the text's n-grams, the L2-normalised TF-IDF vector times the embedding
   * table. Absent: the plain mean of the non-padding n-grams' embeddings.
   */
  ngramWeights?: readonly number[];
  /** Independently initialised copies trained side by side; predictions average their probabilities. */
  members: number;
  /** Sigmoid per label (multi-label) instead of one softmax. */
  multiLabel: boolean;
  labelSmoothing: number;
  classWeights?: readonly number[];
  /**
   * Weight of two extra loss terms, one per branch on its own logits (Transformer alone, n-grams
   * alone), added to the fused loss. They keep each branch a classifier by itself: trained only
   * through their sum, the branch that memorises the training set first (the Transformer) leaves
   * the other little gradient. 0 (default) turns them off.
   */
  branchLoss?: number;
}

/**
 * One ensemble member: a Transformer over WordPiece ids, pooled, plus (optionally) a fastText-style
 * mean of hashed word and character n-gram embeddings. Each gets its own linear head and the logits
 * add up, which is a linear layer over the two vectors concatenated (without needing a Concat
 * gradient). The n-gram branch is what lets a model trained from scratch on ~10k texts use rare
 * words and misspellings the way TF-IDF does; the Transformer adds word order and context.
 */
class Member extends Module {
  readonly embedding: TokenEmbedding;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly head: Linear;
  readonly ngramEmbedding?: TokenEmbedding;
  readonly ngramHead?: Linear;
  private ngramWeightTable?: tf.Tensor;

  constructor(readonly config: TextModelConfig, options: ModuleOptions) {
    super(options, 'member');
    const c = config;
    this.embedding = this.addModule(new TokenEmbedding({ vocabSize: c.vocabSize, dim: c.dModel }, this.childOptions('embedding')));
    this.positional = this.addModule(
      new PositionalEmbedding({ maxLength: c.maxLength, dim: c.dModel, kind: c.positional }, this.childOptions('positional')),
    );
    this.encoder = this.addModule(
      new TransformerEncoder(
        { dModel: c.dModel, numHeads: c.numHeads, numLayers: c.numLayers, ffnDim: c.ffnDim, dropout: c.dropout },
        this.childOptions('encoder'),
      ),
    );
    this.head = this.addModule(new Linear({ inFeatures: c.dModel, outFeatures: c.numClasses }, this.childOptions('head')));
    if (c.ngramBuckets > 0) {
      this.ngramEmbedding = this.addModule(
        new TokenEmbedding({ vocabSize: c.ngramBuckets, dim: c.ngramDim, initStd: 0.1 }, this.childOptions('ngram_embedding')),
      );
      this.ngramHead = this.addModule(new Linear({ inFeatures: c.ngramDim, outFeatures: c.numClasses }, this.childOptions('ngram_head')));
    }
  }

  /** ids [B, T], ngrams [B, N] -> logits [B, C]; `parts`: each branch's own logits as well */
  forward(ids: tf.Tensor, ngrams: tf.Tensor | undefined, ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => this.forwardParts(ids, ngrams, ctx)[0]!);
  }

  /** [fused, Transformer alone, n-grams alone] (just [logits] without the n-gram branch) */
  forwardParts(ids: tf.Tensor, ngrams: tf.Tensor | undefined, ctx: ForwardContext): tf.Tensor[] {
    const keyPadding = tf.notEqual(ids, 0);
    const h = this.encoder.forward(this.positional.forward(this.embedding.forward(ids)), { keyPadding }, ctx);
    const logits = this.head.forward(pool(this.config.pooling, h, keyPadding));
    if (!this.ngramEmbedding || !ngrams) return [logits];
    const emb = embeddingLookup(this.ngramEmbedding.table, ngrams); // [B, N, E]
    let bag: tf.Tensor; // [B, E]
    if (this.config.ngramWeights) {
      const w = tf.expandDims(tf.gather((this.ngramWeightTable ??= tf.keep(tf.tensor1d([...this.config.ngramWeights], 'float32'))), ngrams), 2);
      bag = tf.div(tf.sum(tf.mul(emb, w), 1), tf.sqrt(tf.maximum(tf.sum(tf.square(w), 1), 1)));
    } else bag = maskedMeanPool(emb, tf.notEqual(ngrams, 0));
    const bagLogits = this.ngramHead!.forward(bag);
    return [tf.add(logits, bagLogits), logits, bagLogits];
  }

  /** The n-gram weight table is a tfjs constant, not a parameter: `Module.dispose` does not see it. */
  disposeConstants(): void {
    this.ngramWeightTable?.dispose();
    this.ngramWeightTable = undefined;
  }

  emitOnnx(ctx: EmitContext, ids: string, ngrams: string | undefined): string {
    return this.emitParts(ctx, ids, ngrams)[0]!;
  }

  emitParts(ctx: EmitContext, ids: string, ngrams: string | undefined): string[] {
    const x = this.positional.emitOnnx(ctx, this.embedding.emitOnnx(ctx, ids));
    const h = this.encoder.emitOnnx(ctx, x, emitMask(ctx, ids, 0));
    const logits = this.head.emitOnnx(ctx, emitPool(ctx.g, this.config.pooling, h, emitTokenMask(ctx, ids, 0)));
    if (!this.ngramEmbedding || !ngrams) return [logits];
    const w = this.config.ngramWeights;
    const emb = this.ngramEmbedding.emitOnnx(ctx, ngrams);
    const bag = w ? emitWeightedBag(ctx, emb, ngrams, w) : emitPool(ctx.g, 'mean', emb, emitTokenMask(ctx, ngrams, 0));
    const bagLogits = this.ngramHead!.emitOnnx(ctx, bag);
    return [ctx.g.op('Add', [logits, bagLogits]), logits, bagLogits];
  }
}

/**
 * The text classifier's model: `members` copies of {Transformer + n-gram bag}, trained together on
 * the sum of their own losses (so they do not interact: an ensemble in one graph and one artifact).
 * Inputs by name: `ids` int32 [B, T] (0 = padding), `ngrams` int32 [B, N] (0 = padding; only with
 * n-gram buckets), and for the loss `labels` (int32 [B], or float32 [B, C] of 0/1 when multi-label).
 * Output `logits` [B, C]: with one member its logits; with several, the log of the mean softmax
 * probabilities (multi-label: the mean logits), so softmax/sigmoid of the output is the ensemble's.
 */
export class TextClassifierModel extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly members: Member[];
  private readonly lossOptions: LossOptions;

  constructor(readonly config: TextModelConfig, options: ModuleOptions = {}) {
    super(options, 'text_classifier');
    const n = Math.max(1, config.members);
    // members > 1 get their own names and so their own initial weights (seeds derive from names)
    this.members = Array.from({ length: n }, (_, i) => this.addModule(new Member(config, this.childOptions(n === 1 ? 'm' : `m${i}`))));
    this.lossOptions = { numClasses: config.numClasses, labelSmoothing: config.labelSmoothing, classWeights: config.classWeights };
  }

  override dispose(): void {
    super.dispose();
    for (const m of this.members) m.disposeConstants();
  }

  private get usesNgrams(): boolean {
    return this.config.ngramBuckets > 0;
  }

  /** logits of every member, [B, C] each */
  private memberLogits(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Tensor[] {
    return this.members.map((m) => m.forward(inputs['ids']!, this.usesNgrams ? inputs['ngrams'] : undefined, ctx));
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => {
      const one = (logits: tf.Tensor) =>
        this.config.multiLabel ? sigmoidLoss(logits, inputs['labels']!, this.lossOptions) : softmaxLoss(logits, inputs['labels']!, this.lossOptions);
      const losses = this.members.flatMap((m) => {
        const [fused, ...parts] = m.forwardParts(inputs['ids']!, this.usesNgrams ? inputs['ngrams'] : undefined, ctx);
        const w = this.config.branchLoss ?? 0;
        return w > 0 ? [one(fused!), ...parts.map((p) => tf.mul(one(p), w))] : [one(fused!)];
      });
      return tf.addN(losses) as tf.Scalar;
    });
  }

  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return tf.tidy(() => {
      const all = this.memberLogits(inputs, {});
      if (all.length === 1) return all[0]!;
      if (this.config.multiLabel) return tf.div(tf.addN(all), all.length);
      return tf.log(tf.div(tf.addN(all.map((l) => tf.softmax(l))), all.length));
    });
  }

  emitOnnxGraph(ctx: EmitContext): void {
    const { g } = ctx;
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    const ngrams = this.usesNgrams ? g.input('ngrams', 'int32', ['batch', 'ngrams']) : undefined;
    const logits = this.combine(ctx, this.members.map((m) => m.emitOnnx(ctx, ids, ngrams)));
    g.output(g.op('Identity', [logits], {}, 'logits'), 'float32', ['batch', this.config.numClasses]);
  }

  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const { g } = ctx;
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    const ngrams = this.usesNgrams ? g.input('ngrams', 'int32', ['batch', 'ngrams']) : undefined;
    const labels = this.config.multiLabel
      ? g.input('labels', 'float32', ['batch', this.config.numClasses])
      : g.input('labels', 'int32', ['batch']);
    const one = (logits: string) =>
      this.config.multiLabel ? emitSigmoidLoss(g, logits, labels, this.lossOptions) : emitSoftmaxLoss(g, logits, labels, this.lossOptions);
    const w = this.config.branchLoss ?? 0;
    const parts = this.members.map((m) => m.emitParts(ctx, ids, ngrams));
    const all = parts.map(([fused]) => fused!);
    const losses = parts.flatMap(([fused, ...branches]) => [
      one(fused!),
      ...(w > 0 ? branches.map((b) => g.op('Mul', [one(b), g.scalar(w)])) : []),
    ]);
    const loss = losses.reduce((a, b) => g.op('Add', [a, b]));
    // The training graph only needs the loss; the combined output (Softmax/Log have no gradient
    // rules, and need none) is built in the eval graph only.
    return { loss, output: ctx.training ? all[0]! : this.combine(ctx, all) };
  }

  private combine({ g }: EmitContext, all: string[]): string {
    if (all.length === 1) return all[0]!;
    const sum = (xs: string[]) => xs.reduce((a, b) => g.op('Add', [a, b]));
    if (this.config.multiLabel) return g.op('Div', [sum(all), g.scalar(all.length)]);
    return g.op('Log', [g.op('Div', [sum(all.map((l) => g.op('Softmax', [l], { axis: -1 }))), g.scalar(all.length)])]);
  }
}

/**
 * Σ wᵢ·eᵢ / ‖w‖₂ with wᵢ the weight of n-gram i (looked up in a constant table; padding weighs 0):
 * emb [B, N, E], ngrams int32 [B, N] -> [B, E]. The norm is floored at 1, so a text without n-grams
 * pools to zeros. Weights are constants, so the gradient reaches the embeddings only.
 */
function emitWeightedBag({ g }: EmitContext, emb: string, ngrams: string, weights: readonly number[]): string {
  const w = g.op('Unsqueeze', [g.op('Gather', [g.constant('float32', [...weights], [weights.length]), ngrams], { axis: 0 }), g.constant('int64', [2])]); // [B, N, 1]
  const axis = g.constant('int64', [1]);
  const sum = g.op('ReduceSum', [g.op('Mul', [emb, w]), axis], { keepdims: 0 }); // [B, E]
  const norm = g.op('Sqrt', [g.op('Max', [g.op('ReduceSum', [g.op('Mul', [w, w]), axis], { keepdims: 0 }), g.scalar(1)])]); // [B, 1]
  return g.op('Div', [sum, norm]);
}
