import * as tf from '@tensorflow/tfjs-core';
import { positiveInt, positiveNumber } from '../util/validate.js';
import { Module, type ModuleOptions } from './module.js';
import { ones, zeros } from './init.js';
import { columnSum } from './linear.js';
import type { EmitContext } from '../onnx/emit.js';

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

  /** ONNX: LayerNormalization (opset 17) over the last axis. */
  emitOnnx({ g }: EmitContext, x: string): string {
    const gamma = g.weight(`${this.name}.gamma`, this.gamma.dataSync() as Float32Array, [this.config.dim]);
    const beta = g.weight(`${this.name}.beta`, this.beta.dataSync() as Float32Array, [this.config.dim]);
    return g.op('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: { float: this.config.eps } });
  }
}

/**
 * LayerNorm over the last dimension with an analytic backward pass. tfjs' autodiff of the op-by-op
 * form reduces gamma's and beta's gradients over the leading axes with slow axis-0 Sums and keeps
 * many intermediates; here every reduction is along the contiguous last axis or a ones-matmul:
 *   x̂ = (x − μ)·r,  r = 1/√(σ² + ε),  g = dy·γ
 *   dx = r·(g − mean(g) − x̂·mean(g·x̂)),  dγ = Σ dy·x̂,  dβ = Σ dy
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const d = x.shape[x.rank - 1]!;
  const shape = x.shape;
  const run = tf.customGrad(((x2: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.mean(x2, 1, true); // [N, 1]
    const centred = tf.sub(x2, mean);
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), 1, true), eps)); // [N, 1]
    const xhat = tf.mul(centred, rstd); // [N, D]
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxhat, srstd, sg] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dy2 = dy as tf.Tensor2D;
        const gx = tf.mul(dy2, sg); // [N, D]
        const dx = tf.mul(
          srstd,
          tf.sub(tf.sub(gx, tf.mean(gx, 1, true)), tf.mul(sxhat, tf.mean(tf.mul(gx, sxhat), 1, true))),
        );
        return [dx, tf.reshape(columnSum(tf.mul(dy2, sxhat)), [d]), tf.reshape(columnSum(dy2), [d])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  return tf.reshape(run(tf.reshape(x, [-1, d]), gamma, beta), shape);
}
