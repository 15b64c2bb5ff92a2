import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors/input-error.js';
import { argmaxRows, accuracy, macroF1 } from '../metrics/classification.js';
import type { GeluForm } from '../nn/activations.js';
import { Linear } from '../nn/linear.js';
import { Module, type ForwardContext, type ModuleOptions } from '../nn/module.js';
import { pool, type PoolingKind } from '../nn/pooling.js';
import { PositionalEmbedding, type PositionalKind } from '../nn/positional-embedding.js';
import { TokenEmbedding } from '../nn/token-embedding.js';
import { TransformerEncoder } from '../nn/transformer-encoder.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import type { TfjsTrainable } from '../train/tfjs-engine.js';
import type { Batch, EvalResult } from '../train/types.js';
import { nonNegativeInt, oneOf, positiveInt } from '../util/validate.js';
import { emitMask, emitTokenMask } from '../onnx/attention.js';
import type { EmitContext } from '../onnx/emit.js';
import { emitSoftmaxCrossEntropy } from '../onnx/losses.js';
import type { OnnxExportable } from '../onnx/export.js';
import type { OnnxTrainable } from '../onnx-train/training-graph.js';
import { emitPool } from '../nn/pooling.js';

export interface SequenceClassifierConfig {
  /** Token ids lie in [0, vocabSize). */
  vocabSize: number;
  /** Longest sequence accepted. */
  maxLength: number;
  /** Number of classes. */
  numClasses: number;
  /** Model width. Default 128. */
  dModel?: number;
  /** Attention heads. Default 4. */
  numHeads?: number;
  /** Encoder layers. Default 2. */
  numLayers?: number;
  /** Feed-forward width. Default 4·dModel. */
  ffnDim?: number;
  /** Dropout rate. Default 0.1. */
  dropout?: number;
  /** Position encoding. Default `learned`. */
  positional?: PositionalKind;
  /** How the sequence becomes one vector. Default `mean` (masked mean over real tokens). */
  pooling?: PoolingKind;
  /** Id used for padding; such positions are masked out of attention and pooling. Default 0. */
  padId?: number;
  /** GELU form. Default `erf`. */
  activation?: GeluForm;
}

/** One labelled token sequence. */
export interface SequenceExample {
  ids: ArrayLike<number>;
  label: number;
}

/**
 * Token embedding + positions → Transformer encoder → pooling → linear head.
 * Inputs by name: `ids` int32 [B, T] (padded with padId) and, for the loss, `labels` int32 [B].
 */
export class SequenceClassifier extends Module implements TfjsTrainable, OnnxExportable, OnnxTrainable {
  readonly config: Required<SequenceClassifierConfig>;
  readonly embedding: TokenEmbedding;
  readonly positional: PositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly head: Linear;

  constructor(config: SequenceClassifierConfig, options: ModuleOptions = {}) {
    super(options, 'classifier');
    const dModel = positiveInt('dModel', config.dModel ?? 128);
    this.config = {
      vocabSize: positiveInt('vocabSize', config.vocabSize),
      maxLength: positiveInt('maxLength', config.maxLength),
      numClasses: positiveInt('numClasses', config.numClasses),
      dModel,
      numHeads: config.numHeads ?? 4,
      numLayers: config.numLayers ?? 2,
      ffnDim: config.ffnDim ?? 4 * dModel,
      dropout: config.dropout ?? 0.1,
      positional: config.positional ?? 'learned',
      pooling: oneOf('pooling', config.pooling ?? 'mean', ['cls', 'mean'] as const),
      padId: nonNegativeInt('padId', config.padId ?? 0),
      activation: config.activation ?? 'erf',
    };
    const c = this.config;
    this.embedding = this.addModule(new TokenEmbedding({ vocabSize: c.vocabSize, dim: dModel }, this.childOptions('embedding')));
    this.positional = this.addModule(
      new PositionalEmbedding({ maxLength: c.maxLength, dim: dModel, kind: c.positional }, this.childOptions('positional')),
    );
    this.encoder = this.addModule(
      new TransformerEncoder(
        { dModel, numHeads: c.numHeads, numLayers: c.numLayers, ffnDim: c.ffnDim, dropout: c.dropout, activation: c.activation },
        this.childOptions('encoder'),
      ),
    );
    this.head = this.addModule(new Linear({ inFeatures: dModel, outFeatures: c.numClasses }, this.childOptions('head')));
  }

  /** ids: int32 [B, T] -> logits [B, C] */
  forward(ids: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const keyPadding = tf.notEqual(ids, this.config.padId); // [B, T]
      const x = this.positional.forward(this.embedding.forward(ids)); // [B, T, D]
      const h = this.encoder.forward(x, { keyPadding }, ctx); // [B, T, D]
      return this.head.forward(pool(this.config.pooling, h, keyPadding)); // [B, C]
    });
  }

  /**
   * ONNX graph: input `ids` int32 [batch, sequence] (padded with padId), output `logits` float32
   * [batch, numClasses]. Both axes are dynamic.
   */
  emitOnnxGraph(ctx: EmitContext): void {
    const ids = ctx.g.input('ids', 'int32', ['batch', 'sequence']);
    ctx.g.output(ctx.g.op('Identity', [this.emitLogits(ctx, ids)], {}, 'logits'), 'float32', ['batch', this.config.numClasses]);
  }

  /** Training graphs: inputs `ids` and `labels` (int32 [batch]); mean softmax cross-entropy. */
  emitOnnxLoss(ctx: EmitContext): { loss: string; output: string } {
    const { g } = ctx;
    const ids = g.input('ids', 'int32', ['batch', 'sequence']);
    const labels = g.input('labels', 'int32', ['batch']);
    const logits = this.emitLogits(ctx, ids);
    return { loss: emitSoftmaxCrossEntropy(g, logits, labels, this.config.numClasses), output: logits };
  }

  private emitLogits(ctx: EmitContext, ids: string): string {
    const mask = emitMask(ctx, ids, this.config.padId);
    const x = this.positional.emitOnnx(ctx, this.embedding.emitOnnx(ctx, ids));
    const h = this.encoder.emitOnnx(ctx, x, mask);
    const pooled = emitPool(ctx.g, this.config.pooling, h, emitTokenMask(ctx, ids, this.config.padId));
    return this.head.emitOnnx(ctx, pooled); // [B, C]
  }

  loss(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): tf.Scalar {
    return tf.tidy(() => softmaxCrossEntropy(this.forward(inputs['ids']!, ctx), inputs['labels']!));
  }

  predict(inputs: Record<string, tf.Tensor>): tf.Tensor {
    return this.forward(inputs['ids']!);
  }

  /** Pads a list of examples to the longest one (at most maxLength) into `ids` and `labels`. */
  collate = (examples: SequenceExample[]): Batch => {
    const { maxLength, vocabSize, numClasses, padId } = this.config;
    const t = Math.max(1, ...examples.map((e) => e.ids.length));
    if (t > maxLength) {
      throw new InputError(`An example has ${t} tokens but the model's maxLength is ${maxLength}; truncate the sequences first.`);
    }
    const ids = new Int32Array(examples.length * t).fill(padId);
    const labels = new Int32Array(examples.length);
    examples.forEach((e, i) => {
      for (let j = 0; j < e.ids.length; j++) {
        const id = e.ids[j]!;
        if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
          throw new InputError(`Example ${i} has token id ${id} at position ${j}; ids must be integers in [0, ${vocabSize}).`);
        }
        ids[i * t + j] = id;
      }
      if (!Number.isInteger(e.label) || e.label < 0 || e.label >= numClasses) {
        throw new InputError(`Example ${i} has label ${e.label}; labels must be integers in [0, ${numClasses}).`);
      }
      labels[i] = e.label;
    });
    return { ids: { data: ids, shape: [examples.length, t] }, labels: { data: labels, shape: [examples.length] } };
  };
}

/** Accuracy and macro-F1 of classifier logits against the examples' labels (a `fit()` metrics function). */
export function classificationMetrics(outputs: EvalResult[], examples: readonly SequenceExample[]): Record<string, number> {
  const preds = outputs.flatMap((o) => Array.from(argmaxRows(o.output, o.outputShape[1]!)));
  const labels = examples.map((e) => e.label);
  return { accuracy: accuracy(labels, preds), macroF1: macroF1(labels, preds) };
}
