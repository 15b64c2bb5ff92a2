import * as tf from '@tensorflow/tfjs-core';
import { positiveInt } from '../util/validate.js';
import { Module, type ModuleOptions } from './module.js';
import { normal } from './init.js';
import type { EmitContext } from '../onnx/emit.js';

export interface TokenEmbeddingConfig {
  /** Number of distinct token ids; ids must lie in [0, vocabSize). */
  vocabSize: number;
  /** Width of each embedding vector (d_model). */
  dim: number;
  /** Standard deviation of the initial weights. Default 0.02. */
  initStd?: number;
}

/**
 * A [vocab, dim] lookup table. The backward pass scatters the incoming gradient into the table with
 * ScatterNd (which sums repeated ids): tf.gather's own gradient needs UnsortedSegmentSum, which the
 * tfjs-wasm backend lacks, and a one-hot matmul would cost vocab·tokens·dim multiply-adds.
 */
export class TokenEmbedding extends Module {
  readonly config: Required<TokenEmbeddingConfig>;
  readonly table: tf.Variable; // [V, D]

  constructor(config: TokenEmbeddingConfig, options: ModuleOptions = {}) {
    super(options, 'token_embedding');
    this.config = {
      vocabSize: positiveInt(`${this.name}.vocabSize`, config.vocabSize),
      dim: positiveInt(`${this.name}.dim`, config.dim),
      initStd: config.initStd ?? 0.02,
    };
    this.table = this.addParameter('table', [this.config.vocabSize, this.config.dim], normal(this.config.initStd));
  }

  /** ids: int32 [B, T] -> [B, T, D] */
  forward(ids: tf.Tensor): tf.Tensor {
    return embeddingLookup(this.table, ids);
  }

  /** ONNX: Gather(table, ids). ids: int32 [B, T] -> [B, T, D] */
  emitOnnx({ g }: EmitContext, ids: string): string {
    const { vocabSize, dim } = this.config;
    return g.op('Gather', [g.weight(`${this.name}.table`, this.table.dataSync() as Float32Array, [vocabSize, dim]), ids], { axis: 0 });
  }
}

/** table [V, D], ids int32 [...] -> [..., D], differentiable with respect to the table only. */
export function embeddingLookup(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const lookup = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save([]);
    const d = t.shape[1]!;
    return {
      value: tf.reshape(tf.gather(t, tf.reshape(ids, [-1])), [...ids.shape, d]),
      // Tensors made in the forward function are freed before the backward pass, so the index
      // column is rebuilt from `ids`, which the caller keeps alive for the whole step.
      gradFunc: (dy: tf.Tensor) => [tf.scatterND(tf.reshape(ids, [-1, 1]), tf.reshape(dy, [-1, d]), t.shape)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (t: tf.Tensor) => tf.Tensor;
  return lookup(table);
}
