import * as tf from '@tensorflow/tfjs-core';
import {
  Dropout, embeddingLookup, emitMask, emitTokenMask, matMul2d, Module, PositionalEmbedding, TokenEmbedding, TransformerEncoder,
  type Batch, type CollateContext, type EmitContext, type ForwardContext, type OnnxExportable, type OnnxTrainable, type TfjsTrainable,
} from '@attune/core';
import { collateSequences } from './collate.js';
import { SasRecEncoder } from './sasrec-encoder.js';

export interface SasRecConfig {
  /** Catalogue size N; item indices are 1..N, 0 pads. */
  numItems: number;
  maxLength: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  ffnDim: number;
  dropout: number;
  loss: 'softmax' | 'bce';
  negatives: number | 'all';
  /** How softmax negatives are drawn (see collate.ts). Default `uniform`. */
  sampling?: 'uniform' | 'popularity';
  initStd: number;
  /** `pre-ln`: core's TransformerEncoder; `sasrec` and `post-ln`: sasrec-encoder.ts. */
  block: 'pre-ln' | 'sasrec' | 'post-ln';
  /** Interactions per item index (length N + 1): the exported graph's ranking for an empty history. */
  popularity: Float32Array;
}

/** Large enough that exp(−1e9) is 0 in float32: a negative equal to the true item drops out of the softmax. */
const MASKED = -1e9;

/**
 * SASRec (Kang & McAuley 2018): item embeddings (scaled by √d) plus learned positions, causal
 * self-attention blocks (core's pre-LN TransformerEncoder with key-padding + causal masks), and the
 * next item scored at every position by a dot product with the same item table (tied embeddings).
 * Sequences are left-padded to maxLength, so the newest item always has the last position.
 */
export class SasRec extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly config: SasRecConfig;
  readonly items: TokenEmbedding;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder | SasRecEncoder;
  private readonly embeddingDropout: Dropout;

  constructor(config: SasRecConfig, options: { seed?: number } = {}) {
    super({ seed: options.seed ?? 0 }, 'sasrec');
    this.config = config;
    const { numItems, dModel, maxLength, numHeads, numLayers, ffnDim, dropout, initStd, block } = config;
    this.items = this.addModule(new TokenEmbedding({ vocabSize: numItems + 1, dim: dModel, initStd }, this.childOptions('items')));
    this.positional = this.addModule(new PositionalEmbedding({ maxLength, dim: dModel, kind: 'learned' }, this.childOptions('positions')));
    const encoderConfig = { dModel, numHeads, numLayers, ffnDim, dropout };
    this.encoder = this.addModule(
      block === 'pre-ln'
        ? new TransformerEncoder(encoderConfig, this.childOptions('encoder'))
        : new SasRecEncoder({ ...encoderConfig, form: block }, this.childOptions('encoder')),
    );
    this.embeddingDropout = new Dropout(dropout, this.childOptions('embedding_dropout'));
  }

  collate = (examples: Array<{ items: Int32Array }>, context: CollateContext): Batch => collateSequences(examples, this.config, context);

  // ---- tfjs (training where ONNX Runtime training is unavailable; parity reference) ----

  /** ids int32 [B, T] → hidden states [B, T, D] */
  forward(ids: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const keyPadding = tf.notEqual(ids, 0); // [B, T]
      const x = this.positional.forward(tf.mul(this.items.forward(ids), Math.sqrt(this.config.dModel))); // [B, T, D]
      return this.encoder.forward(this.embeddingDropout.forward(x, ctx), { keyPadding, causal: true }, ctx);
    });
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => {
      const { dModel } = this.config;
      const h = tf.reshape(this.forward(inputs['ids']!, ctx), [-1, dModel]); // [B·T, D]
      const hp = embeddingLookup(h, inputs['positions']!); // [P, D]
      const table = this.items.table;
      const pos = tf.sum(tf.mul(hp, embeddingLookup(table, inputs['targets']!)), -1); // [P]
      const negatives = inputs['negatives']!;
      if (this.config.loss === 'bce') {
        const neg = tf.sum(tf.mul(hp, embeddingLookup(table, negatives)), -1); // [P]
        return tf.mean(tf.add(tf.softplus(tf.neg(pos)), tf.softplus(neg))) as tf.Scalar;
      }
      if (this.config.negatives === 'all') {
        const logProbs = tf.logSoftmax(matMul2d(hp, tf.transpose(embeddingLookup(table, negatives)))); // [P, N]
        return tf.neg(tf.mean(embeddingLookup(tf.reshape(logProbs, [-1, 1]), inputs['target_index']!))) as tf.Scalar; // rows of [P·N, 1]
      }
      const hits = tf.cast(tf.equal(tf.expandDims(inputs['targets']!, 1), tf.expandDims(negatives, 0)), 'float32'); // [P, S]
      const scores = tf.sub(matMul2d(hp, tf.transpose(embeddingLookup(table, negatives))), tf.expandDims(inputs['negative_logq']!, 0));
      const neg = tf.add(scores, tf.mul(hits, MASKED)); // [P, S]
      const corrected = tf.sub(pos, inputs['target_logq']!); // [P]
      const logProbs = tf.logSoftmax(tf.concat([tf.expandDims(corrected, 1), neg], 1)); // [P, 1 + S]
      return tf.neg(tf.mean(tf.slice(logProbs, [0, 0], [-1, 1]))) as tf.Scalar;
    });
  }

  /** Scores of every catalogue index after the newest item: [B, N + 1]. */
  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return tf.tidy(() => {
      const h = this.forward(inputs['ids']!);
      const [b, t] = h.shape as number[];
      const last = tf.reshape(tf.slice(h, [0, t! - 1, 0], [b!, 1, this.config.dModel]), [b!, this.config.dModel]);
      return matMul2d(last, tf.transpose(this.items.table));
    });
  }

  // ---- ONNX (training graph and exported inference graph share these emitters) ----

  private emitTable({ g }: EmitContext): string {
    const { numItems, dModel } = this.config;
    return g.weight(`${this.items.name}.table`, this.items.table.dataSync() as Float32Array, [numItems + 1, dModel]);
  }

  /** ids [B, T] → hidden states [B, T, D] */
  private emitHidden(ctx: EmitContext, ids: string, table: string): string {
    const { g } = ctx;
    const mask = emitMask(ctx, ids, 0, true);
    const x = this.positional.emitOnnx(ctx, g.op('Mul', [g.op('Gather', [table, ids], { axis: 0 }), g.scalar(Math.sqrt(this.config.dModel))]));
    return this.encoder.emitOnnx(ctx, this.embeddingDropout.emitOnnx(ctx, x, ['batch', 'sequence', this.config.dModel]), mask);
  }

  /** Scores after the last position: [B, N + 1]. */
  private emitLastScores(ctx: EmitContext, h: string, table: string): string {
    const { g } = ctx;
    const last = g.op('Squeeze', [
      g.op('Slice', [h, g.constant('int64', [-1]), g.constant('int64', [2 ** 31 - 1]), g.constant('int64', [1])]),
      g.constant('int64', [1]),
    ]); // [B, D]
    return g.op('MatMul', [last, g.op('Transpose', [table], { perm: [1, 0] })]);
  }

  /** Training: inputs as `collate` builds them; mean loss over the positions. Eval output: scores after the last item. */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const { g } = ctx;
    const bce = this.config.loss === 'bce';
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    const positions = g.input('positions', 'int32', ['positions']);
    const targets = g.input('targets', 'int32', ['positions']);
    const negatives = g.input('negatives', 'int32', [bce ? 'positions' : 'negatives']);
    const table = this.emitTable(ctx);
    const h = this.emitHidden(ctx, ids, table);
    const hp = g.op('Gather', [g.op('Reshape', [h, g.constant('int64', [-1, this.config.dModel])]), positions], { axis: 0 }); // [P, D]
    const last = g.constant('int64', [1]);
    const pos = g.op('ReduceSum', [g.op('Mul', [hp, g.op('Gather', [table, targets], { axis: 0 })]), last], { keepdims: 1 }); // [P, 1]
    let loss: string;
    if (!bce && this.config.negatives === 'all') {
      // full-catalogue softmax: log p(target) picked from the flattened [P, N] log-softmax (Gather on
      // axis 0 has a gradient rule), with none of the sampled path's [P, N] masks and concatenation
      const logits = g.op('MatMul', [hp, g.op('Transpose', [g.op('Gather', [table, negatives], { axis: 0 })], { perm: [1, 0] })]); // [P, N]
      const flat = g.op('Reshape', [g.op('LogSoftmax', [logits], { axis: -1 }), g.constant('int64', [-1])]);
      const picked = g.op('Gather', [flat, g.input('target_index', 'int32', ['positions'])], { axis: 0 }); // [P]
      loss = g.op('Neg', [g.op('ReduceMean', [picked, g.constant('int64', [0])], { keepdims: 0 })]);
    } else if (bce) {
      const neg = g.op('ReduceSum', [g.op('Mul', [hp, g.op('Gather', [table, negatives], { axis: 0 })]), last], { keepdims: 1 }); // [P, 1]
      const perPosition = g.op('Add', [g.op('Softplus', [g.op('Neg', [pos])]), g.op('Softplus', [neg])]);
      loss = g.op('ReduceMean', [perPosition, g.constant('int64', [0, 1])], { keepdims: 0 });
    } else {
      // logQ correction of the sampled softmax: log(S·q) of each item under the sampling distribution
      const negativeLogq = g.op('Unsqueeze', [g.input('negative_logq', 'float32', ['negatives']), g.constant('int64', [0])]); // [1, S]
      const targetLogq = g.op('Unsqueeze', [g.input('target_logq', 'float32', ['positions']), last]); // [P, 1]
      const negTable = g.op('Transpose', [g.op('Gather', [table, negatives], { axis: 0 })], { perm: [1, 0] }); // [D, S]
      const hits = g.op('Cast', [g.op('Equal', [g.op('Unsqueeze', [targets, last]), g.op('Unsqueeze', [negatives, g.constant('int64', [0])])])], { to: 1 });
      const neg = g.op('Add', [g.op('Sub', [g.op('MatMul', [hp, negTable]), negativeLogq]), g.op('Mul', [hits, g.scalar(MASKED)])]); // [P, S]
      const logProbs = g.op('LogSoftmax', [g.op('Concat', [g.op('Sub', [pos, targetLogq]), neg], { axis: 1 })], { axis: -1 }); // [P, 1 + S]
      // column 0 (the true item) via rows of the transpose: Gather on axis 0 has a gradient rule
      const picked = g.op('Gather', [g.op('Transpose', [logProbs], { perm: [1, 0] }), g.constant('int64', [0])], { axis: 0 }); // [1, P]
      loss = g.op('Neg', [g.op('ReduceMean', [picked, g.constant('int64', [0, 1])], { keepdims: 0 })]);
    }
    return { loss, output: ctx.training ? loss : this.emitLastScores(ctx, h, table) };
  }

  /**
   * Inference graph. Inputs: `ids` int32 [batch, sequence] (left-padded history, 0 = padding),
   * `allowed` float32 [batch, N + 1] (1 = may be recommended), `k` int64 [1]. Outputs: `scores`
   * [batch, N + 1] (model scores, or popularity for a row with no history), and the top k of the
   * allowed items, `top_scores` float32 and `top_items` int64 [batch, k] (disallowed = −∞).
   */
  emitOnnxGraph(ctx: EmitContext): void {
    const { g } = ctx;
    const width = this.config.numItems + 1;
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    const allowed = g.input('allowed', 'float32', ['batch', width]);
    const k = g.input('k', 'int64', [1]);
    const table = this.emitTable(ctx);
    const model = this.emitLastScores(ctx, this.emitHidden(ctx, ids, table), table); // [B, N + 1]
    const popularity = g.tensor('popularity', 'float32', [1, width], new Uint8Array(this.config.popularity.slice().buffer));
    const hasHistory = g.op('Greater', [g.op('ReduceMax', [emitTokenMask(ctx, ids, 0)], { axes: [1], keepdims: 1 }) /* opset 17: axes attribute */, g.scalar(0)]); // [B, 1]
    const scores = g.op('Where', [hasHistory, model, popularity], {}, 'scores');
    const masked = g.op('Where', [g.op('Greater', [allowed, g.scalar(0.5)]), scores, g.scalar(-Infinity)]);
    g.node('TopK', [masked, k], { axis: -1, largest: 1, sorted: 1 }, ['top_scores', 'top_items']);
    g.output('scores', 'float32', ['batch', width]);
    g.output('top_scores', 'float32', ['batch', 'k']);
    g.output('top_items', 'int64', ['batch', 'k']);
  }
}
