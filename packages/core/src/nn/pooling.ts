import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraphBuilder } from '../onnx/graph-builder.js';

export type PoolingKind = 'cls' | 'mean';

/** The first position's vector (a [CLS] token put there by the tokenizer). x: [B, T, D] -> [B, D] */
export function clsPool(x: tf.Tensor): tf.Tensor {
  const [b, , d] = x.shape as number[];
  return tf.reshape(tf.slice(x, [0, 0, 0], [b!, 1, d!]), [b!, d!]);
}

/**
 * Mean over real tokens only. x: [B, T, D], keyPadding: [B, T] (1 token, 0 padding) -> [B, D].
 * A sequence with no real token pools to zeros (the count is floored at 1), never NaN.
 */
export function maskedMeanPool(x: tf.Tensor, keyPadding?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (!keyPadding) return tf.mean(x, 1);
    const m = tf.expandDims(tf.cast(keyPadding, 'float32'), 2); // [B, T, 1]
    const sum = tf.sum(tf.mul(x, m), 1); // [B, D]
    const count = tf.maximum(tf.sum(m, 1), 1); // [B, 1]
    return tf.div(sum, count);
  });
}

export function pool(kind: PoolingKind, x: tf.Tensor, keyPadding?: tf.Tensor): tf.Tensor {
  return kind === 'cls' ? clsPool(x) : maskedMeanPool(x, keyPadding);
}

/** Pooling as ONNX nodes. x: [B, T, D], tokens: float [B, T] (needed for `mean`) -> [B, D] */
export function emitPool(g: OnnxGraphBuilder, kind: PoolingKind, x: string, tokens?: string): string {
  if (kind === 'cls') return g.op('Gather', [x, g.constant('int64', [0], [])], { axis: 1 });
  if (!tokens) {
    // ReduceSum / T rather than ReduceMean: ReduceMean takes its axes as an input only from opset 18
    const length = g.op('Cast', [g.op('Shape', [x], { start: 1, end: 2 })], { to: 1 }); // [1]
    return g.op('Div', [g.op('ReduceSum', [x, g.constant('int64', [1])], { keepdims: 0 }), length]);
  }
  const m = g.op('Unsqueeze', [tokens, g.constant('int64', [2])]); // [B, T, 1]
  const sum = g.op('ReduceSum', [g.op('Mul', [x, m]), g.constant('int64', [1])], { keepdims: 0 }); // [B, D]
  const count = g.op('Max', [g.op('ReduceSum', [m, g.constant('int64', [1])], { keepdims: 0 }), g.scalar(1)]); // [B, 1]
  return g.op('Div', [sum, count]);
}
