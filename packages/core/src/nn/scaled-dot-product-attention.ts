import * as tf from '@tensorflow/tfjs-core';

/** Large enough that exp(score - 1e9) is exactly 0 in float32, small enough never to overflow. */
const MASKED = -1e9;

export interface AttentionMask {
  /** 1 = attend, 0 = masked; broadcastable to the scores [..., Tq, Tk]. */
  keep?: tf.Tensor;
  /** Added to the scores before softmax (relative position biases and the like); broadcastable too. */
  bias?: tf.Tensor;
}

/**
 * softmax(Q·Kᵀ/√d_k + mask)·V.
 * q: [..., Tq, dk], k: [..., Tk, dk], v: [..., Tk, dv] -> [..., Tq, dv].
 * Masked keys get weight exactly 0; a query with every key masked returns a zero vector.
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask: AttentionMask = {},
  dropoutProbs?: (p: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const dk = q.shape[q.rank - 1]!;
    let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk)); // [..., Tq, Tk]
    if (mask.bias) scores = tf.add(scores, mask.bias);
    if (mask.keep) scores = tf.add(scores, tf.mul(tf.sub(1, mask.keep), MASKED));
    let probs = tf.softmax(scores); // over Tk
    if (mask.keep) probs = tf.mul(probs, mask.keep); // zero rows stay zero: no NaN, no uniform leak
    if (dropoutProbs) probs = dropoutProbs(probs);
    return tf.matMul(probs, v); // [..., Tq, dv]
  });
}

/** Splits an additive mask that may hold -Infinity (the usual convention) into keep + finite bias. */
export function fromAdditiveMask(additive: tf.Tensor): AttentionMask {
  return tf.tidy(() => {
    const keep = tf.cast(tf.isFinite(additive), 'float32');
    const bias = tf.where(tf.cast(keep, 'bool'), additive, tf.zerosLike(additive));
    return { keep, bias };
  }) as unknown as AttentionMask;
}
