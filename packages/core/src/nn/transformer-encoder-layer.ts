import * as tf from '@tensorflow/tfjs-core';
import { positiveInt, rate } from '../util/validate.js';
import type { GeluForm } from './activations.js';
import { Dropout } from './dropout.js';
import { FeedForward } from './feed-forward.js';
import { LayerNorm } from './layer-norm.js';
import type { MaskOptions } from './masks.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import type { EmitContext, OnnxMask } from '../onnx/emit.js';
import { emitMultiHeadAttention } from '../onnx/attention.js';

export interface TransformerEncoderLayerConfig {
  /** Model width D. */
  dModel: number;
  /** Attention heads; must divide dModel. */
  numHeads: number;
  /** Feed-forward hidden width. Default 4·dModel. */
  ffnDim?: number;
  /** Dropout on each residual branch, on the attention weights and in the feed-forward. Default 0.1. */
  dropout?: number;
  /** GELU form of the feed-forward. Default `erf`. */
  activation?: GeluForm;
  /** LayerNorm epsilon. Default 1e-5. */
  layerNormEps?: number;
}

/**
 * Pre-LN block (GPT-2 style; trains stably without warm-up tricks):
 *   x = x + Dropout(Attention(LN1(x)))
 *   x = x + Dropout(FFN(LN2(x)))
 */
export class TransformerEncoderLayer extends Module {
  readonly config: Required<TransformerEncoderLayerConfig>;
  readonly norm1: LayerNorm;
  readonly attention: MultiHeadAttention;
  readonly norm2: LayerNorm;
  readonly feedForward: FeedForward;
  private readonly residualDropout1: Dropout;
  private readonly residualDropout2: Dropout;

  constructor(config: TransformerEncoderLayerConfig, options: ModuleOptions = {}) {
    super(options, 'encoder_layer');
    const dModel = positiveInt(`${this.name}.dModel`, config.dModel);
    this.config = {
      dModel,
      numHeads: config.numHeads,
      ffnDim: positiveInt(`${this.name}.ffnDim`, config.ffnDim ?? 4 * dModel),
      dropout: rate(`${this.name}.dropout`, config.dropout ?? 0.1),
      activation: config.activation ?? 'erf',
      layerNormEps: config.layerNormEps ?? 1e-5,
    };
    const { numHeads, ffnDim, dropout, activation, layerNormEps: eps } = this.config;
    this.norm1 = this.addModule(new LayerNorm({ dim: dModel, eps }, this.childOptions('norm1')));
    this.attention = this.addModule(new MultiHeadAttention({ dModel, numHeads, dropout }, this.childOptions('attention')));
    this.norm2 = this.addModule(new LayerNorm({ dim: dModel, eps }, this.childOptions('norm2')));
    this.feedForward = this.addModule(
      new FeedForward({ dModel, hiddenDim: ffnDim, dropout, activation }, this.childOptions('feed_forward')),
    );
    this.residualDropout1 = new Dropout(dropout, this.childOptions('residual_dropout1'));
    this.residualDropout2 = new Dropout(dropout, this.childOptions('residual_dropout2'));
  }

  /** ONNX: the same pre-LN residual block. x: [B, T, D] -> [B, T, D] */
  emitOnnx(ctx: EmitContext, x: string, mask?: OnnxMask): string {
    const a = emitMultiHeadAttention(ctx, this.attention, this.norm1.emitOnnx(ctx, x), mask);
    const h = ctx.g.op('Add', [x, this.residualDropout1.emitOnnx(ctx, a, ['batch', 'sequence', this.config.dModel])]);
    const f = this.feedForward.emitOnnx(ctx, this.norm2.emitOnnx(ctx, h));
    return ctx.g.op('Add', [h, this.residualDropout2.emitOnnx(ctx, f, ['batch', 'sequence', this.config.dModel])]);
  }

  /** x: [B, T, D] -> [B, T, D] */
  forward(x: tf.Tensor, mask: MaskOptions = {}, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => {
      const a = this.attention.forward(this.norm1.forward(x), mask, ctx);
      const h = tf.add(x, this.residualDropout1.forward(a, ctx));
      const f = this.feedForward.forward(this.norm2.forward(h), ctx);
      return tf.add(h, this.residualDropout2.forward(f, ctx));
    });
  }
}
