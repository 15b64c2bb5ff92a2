import * as tf from '@tensorflow/tfjs-core';
import { positiveInt } from '../util/validate.js';
import { Module, type ModuleOptions } from './module.js';
import { xavierUniform, zeros } from './init.js';
import type { EmitContext } from '../onnx/emit.js';
import { WEIGHT_ZERO_POINT, quantizeColumnsUint8 } from '../onnx/quantize.js';

export interface LinearConfig {
  /** Input features. */
  inFeatures: number;
  /** Output features. */
  outFeatures: number;
  /** Add a bias vector. Default true. */
  bias?: boolean;
}

/**
 * y = x·W + b with W stored [in, out] (the layout of the golden vectors and of ONNX MatMul).
 * Any leading dimensions are flattened so the product is one 2-D matmul, and the gradient uses
 * explicit transposes: tfjs-wasm runs batched or transpose-flagged matmuls on a slow path
 * (a [2048,128]ᵀ·[2048,512] product: ~245 ms with the flag, ~14 ms after an explicit transpose).
 */
export class Linear extends Module {
  readonly config: Required<LinearConfig>;
  readonly weight: tf.Variable; // [in, out]
  readonly bias?: tf.Variable; // [out]

  constructor(config: LinearConfig, options: ModuleOptions = {}) {
    super(options, 'linear');
    this.config = {
      inFeatures: positiveInt(`${this.name}.inFeatures`, config.inFeatures),
      outFeatures: positiveInt(`${this.name}.outFeatures`, config.outFeatures),
      bias: config.bias ?? true,
    };
    this.weight = this.addParameter('weight', [this.config.inFeatures, this.config.outFeatures], xavierUniform);
    if (this.config.bias) this.bias = this.addParameter('bias', [this.config.outFeatures], zeros);
  }

  /** x: [..., in] -> [..., out] */
  forward(x: tf.Tensor): tf.Tensor {
    const lead = x.shape.slice(0, -1);
    const x2 = tf.reshape(x, [-1, this.config.inFeatures]); // [N, in]
    const y = this.bias ? affine2d(x2, this.weight, this.bias) : matMul2d(x2, this.weight); // [N, out]
    return tf.reshape(y, [...lead, this.config.outFeatures]);
  }

  /** ONNX: MatMul (+ Add), or DynamicQuantizeLinear → MatMulInteger → rescale when exporting int8. */
  emitOnnx({ g, precision, int8MinSize }: EmitContext, x: string): string {
    const { inFeatures, outFeatures } = this.config;
    const w = this.weight.dataSync() as Float32Array;
    let y: string;
    if (precision === 'int8' && w.length >= int8MinSize) {
      // uint8 weights around 128, not int8: exact on CPUs without VNNI too (see quantize.ts)
      const { q, scale } = quantizeColumnsUint8(w, inFeatures, outFeatures);
      const wq = g.tensor(`${this.name}.weight.uint8`, 'uint8', [inFeatures, outFeatures], q);
      const wZero = g.tensor(`${this.name}.weight.zero_point`, 'uint8', [outFeatures], new Uint8Array(outFeatures).fill(WEIGHT_ZERO_POINT));
      const wScale = g.weight(`${this.name}.weight.scale`, scale, [outFeatures]);
      const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', [x], {}, 3) as [string, string, string];
      const acc = g.op('MatMulInteger', [xq, wq, xZero, wZero]); // int32 [..., out]
      y = g.op('Mul', [g.op('Cast', [acc], { to: 1 }), g.op('Mul', [xScale, wScale])]);
    } else {
      y = g.op('MatMul', [x, g.weight(`${this.name}.weight`, w, [inFeatures, outFeatures])]);
    }
    return this.bias ? g.op('Add', [y, g.weight(`${this.name}.bias`, this.bias.dataSync() as Float32Array, [outFeatures])]) : y;
  }
}

/** a·b for 2-D a [N, K] and b [K, M], with a backward pass built from plain (untransposed) matmuls. */
export const matMul2d = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy2)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * a·b + bias for 2-D a [N, K], b [K, M], bias [M]. The bias gradient is the column sum of dy,
 * computed as ones[1, N]·dy: on tfjs-wasm an axis-0 Sum of a [2048, 128] gradient takes ~1.6 ms,
 * the equivalent matmul ~0.1 ms.
 */
export const affine2d = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.add(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), bias),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [
        tf.matMul(dy2, tf.transpose(sb)),
        tf.matMul(tf.transpose(sa), dy2),
        tf.reshape(columnSum(dy2), [sb.shape[1]]),
      ];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) => tf.Tensor;

/** Σ over rows of a 2-D tensor, as a [1, M] matmul (fast on every backend). */
export function columnSum(x: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.ones([1, x.shape[0]]), x);
}
