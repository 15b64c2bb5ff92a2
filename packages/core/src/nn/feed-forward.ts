import * as tf from '@tensorflow/tfjs-core';
import { positiveInt, rate } from '../util/validate.js';
import { gelu, type GeluForm } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module, type ForwardContext, type ModuleOptions } from './module.js';
import type { EmitContext } from '../onnx/emit.js';
import { emitGelu } from './activations.js';

export interface FeedForwardConfig {
  /** Input and output width D. */
  dModel: number;
  /** Hidden width, usually 4·D. */
  hiddenDim: number;
  /** Dropout after the activation during training. Default 0. */
  dropout?: number;
  /** GELU form. Default `erf` (exact). */
  activation?: GeluForm;
}

/** Position-wise MLP: Linear(D→F) → GELU → dropout → Linear(F→D). x: [..., D] -> [..., D] */
export class FeedForward extends Module {
  readonly config: Required<FeedForwardConfig>;
  readonly up: Linear;
  readonly down: Linear;
  private readonly drop: Dropout;

  constructor(config: FeedForwardConfig, options: ModuleOptions = {}) {
    super(options, 'feed_forward');
    this.config = {
      dModel: positiveInt(`${this.name}.dModel`, config.dModel),
      hiddenDim: positiveInt(`${this.name}.hiddenDim`, config.hiddenDim),
      dropout: rate(`${this.name}.dropout`, config.dropout ?? 0),
      activation: config.activation ?? 'erf',
    };
    this.up = this.addModule(new Linear({ inFeatures: this.config.dModel, outFeatures: this.config.hiddenDim }, this.childOptions('up')));
    this.down = this.addModule(new Linear({ inFeatures: this.config.hiddenDim, outFeatures: this.config.dModel }, this.childOptions('down')));
    this.drop = new Dropout(this.config.dropout, this.childOptions('dropout'));
  }

  /** ONNX: Linear → GELU → (dropout, training graphs only) → Linear. */
  emitOnnx(ctx: EmitContext, x: string): string {
    return this.down.emitOnnx(ctx, this.drop.emitOnnx(ctx, emitGelu(ctx.g, this.up.emitOnnx(ctx, x), this.config.activation), ['batch', 'sequence', this.config.hiddenDim]));
  }

  forward(x: tf.Tensor, ctx: ForwardContext = {}): tf.Tensor {
    return tf.tidy(() => this.down.forward(this.drop.forward(gelu(this.up.forward(x), this.config.activation), ctx)));
  }
}
