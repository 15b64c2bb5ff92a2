import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors/config-error.js';
import { positiveInt, rate } from '../util/validate.js';
import { Dropout } from './dropout.js';
import { groupedAttention } from './grouped-attention.js';
import { Linear } from './linear.js';
import { buildKeepMask, type MaskOptions } from './masks.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

export interface MultiHeadAttentionConfig {
  /** Model width D; queries, keys, values and output all have this width. */
  dModel: number;
  /** Number of heads H; must divide dModel (each head gets d_k = D / H). */
  numHeads: number;
  /** Dropout on the attention weights during training. Default 0. */
  dropout?: number;
  /** Bias vectors in the four projections. Default true. */
  bias?: boolean;
  /**
   * How the per-head products are computed; same function either way. `batched`: batched matmuls
   * (fine on cpu, webgl, webgpu). `grouped`: depthwise convolutions (see grouped-attention.ts),
   * ~3× faster attention on tfjs-wasm, whose batched matmul is a naive loop. Default `auto`:
   * `grouped` on wasm, `batched` elsewhere.
   */
  kernel?: 'auto' | 'batched' | 'grouped';
}

/**
 * Multi-head self-attention (or cross-attention when `context` is given):
 * heads split the last dimension in order, each computes softmax(QKᵀ/√d_k + mask)·V,
 * the heads are concatenated and projected by W_o.
 */
export class MultiHeadAttention extends Module {
  readonly config: Required<MultiHeadAttentionConfig>;
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;
  readonly output: Linear;
  readonly attentionDropout: Dropout;

  constructor(config: MultiHeadAttentionConfig, options: ModuleOptions = {}) {
    super(options, 'attention');
    const dModel = positiveInt(`${this.name}.dModel`, config.dModel);
    const numHeads = positiveInt(`${this.name}.numHeads`, config.numHeads);
    if (dModel % numHeads !== 0) {
      throw new ConfigError(`${this.name}.numHeads`, numHeads, `a divisor of dModel (${dModel})`);
    }
    this.config = { dModel, numHeads, dropout: rate(`${this.name}.dropout`, config.dropout ?? 0), bias: config.bias ?? true, kernel: config.kernel ?? 'auto' };
    const projection = { inFeatures: dModel, outFeatures: dModel, bias: this.config.bias };
    this.query = this.addModule(new Linear(projection, this.childOptions('query')));
    this.key = this.addModule(new Linear(projection, this.childOptions('key')));
    this.value = this.addModule(new Linear(projection, this.childOptions('value')));
    this.output = this.addModule(new Linear(projection, this.childOptions('output')));
    this.attentionDropout = new Dropout(this.config.dropout, this.childOptions('dropout'));
  }

  /**
   * x: [B, Tq, D]; context (cross-attention keys/values): [B, Tk, D], default x.
   * mask.keyPadding: [B, Tk]. Returns [B, Tq, D].
   */
  forward(x: tf.Tensor, mask: MaskOptions = {}, ctx: ForwardContext = {}, context: tf.Tensor = x): tf.Tensor {
    const { kernel } = this.config;
    if (kernel === 'grouped' || (kernel === 'auto' && tf.getBackend() === 'wasm')) return this.forwardGrouped(x, mask, ctx, context);
    return tf.tidy(() => {
      const [b, tq] = x.shape as number[];
      const tk = context.shape[1]!;
      const q = this.splitHeads(this.query.forward(x)); // [B, H, Tq, dk]
      const k = this.splitHeads(this.key.forward(context)); // [B, H, Tk, dk]
      const v = this.splitHeads(this.value.forward(context)); // [B, H, Tk, dk]
      const keep = buildKeepMask(b!, tq!, tk, mask); // [B|1, 1, Tq, Tk]
      const heads = scaledDotProductAttention(q, k, v, { keep }, (p) => this.attentionDropout.forward(p, ctx));
      const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [b!, tq!, this.config.dModel]); // [B, Tq, D]
      return this.output.forward(merged);
    });
  }

  /** forward() with the attention core of grouped-attention.ts: heads stay in the last dimension. */
  private forwardGrouped(x: tf.Tensor, mask: MaskOptions, ctx: ForwardContext, context: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const [b, tq] = x.shape as [number, number];
      const tk = context.shape[1]!;
      const { numHeads, dModel } = this.config;
      const heads = (t: tf.Tensor, len: number) => tf.reshape(t, [b, len, numHeads, dModel / numHeads]); // [B, T, H, dk]
      const q = heads(this.query.forward(x), tq);
      const k = heads(this.key.forward(context), tk);
      const v = heads(this.value.forward(context), tk);
      // masks move to the scores' layout [Tq, B, H, Tk]
      const keepMask = buildKeepMask(b, tq, tk, mask); // [B|1, 1, Tq, Tk]
      const keep = keepMask && tf.transpose(keepMask, [2, 0, 1, 3]); // [Tq, B|1, 1, Tk]
      // The dropout multiplier is drawn in the batched path's layout, so a seed drops the same weights.
      const dropout =
        ctx.training && this.config.dropout > 0
          ? tf.transpose(this.attentionDropout.forward(tf.ones([b, numHeads, tq, tk]), ctx), [2, 0, 1, 3]) // [Tq, B, H, Tk]
          : undefined;
      const merged = groupedAttention(q, k, v, { ...(keep ? { keep } : {}), ...(dropout ? { dropout } : {}) }); // [B, Tq, D]
      return this.output.forward(merged);
    });
  }

  /** [B, T, D] -> [B, H, T, dk] */
  private splitHeads(t: tf.Tensor): tf.Tensor {
    const [b, len] = t.shape as number[];
    const { numHeads, dModel } = this.config;
    return tf.transpose(tf.reshape(t, [b!, len!, numHeads, dModel / numHeads]), [0, 2, 1, 3]);
  }
}
