import * as tf from '@tensorflow/tfjs-core';
import { positiveInt, positiveNumber } from '../util/validate.js';
import { Module, type ModuleOptions } from './module.js';
import { ones, zeros } from './init.js';

export interface LayerNormConfig {
  /** Size of the normalised (last) dimension. */
  dim: number;
  /** Added to the (biased) variance before the square root. Default 1e-5, as in PyTorch. */
  eps?: number;
}

/** y = (x - mean) / sqrt(var + eps) * gamma + beta over the last dimension; var is the biased variance. */
export class LayerNorm extends Module {
  readonly config: Required<LayerNormConfig>;
  readonly gamma: tf.Variable; // [D]
  readonly beta: tf.Variable; // [D]

  constructor(config: LayerNormConfig, options: ModuleOptions = {}) {
    super(options, 'layer_norm');
    this.config = {
      dim: positiveInt(`${this.name}.dim`, config.dim),
      eps: positiveNumber(`${this.name}.eps`, config.eps ?? 1e-5),
    };
    this.gamma = this.addParameter('gamma', [this.config.dim], ones);
    this.beta = this.addParameter('beta', [this.config.dim], zeros);
  }

  /** x: [..., D] -> [..., D] */
  forward(x: tf.Tensor): tf.Tensor {
    return layerNorm(x, this.gamma, this.beta, this.config.eps);
  }
}

export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const mean = tf.mean(x, axis, true);
    const centred = tf.sub(x, mean);
    const variance = tf.mean(tf.square(centred), axis, true);
    return tf.add(tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  });
}
