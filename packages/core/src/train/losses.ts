import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy. logits [B, C], labels int32 [B].
 * Uses a one-hot product rather than gather so the backward pass needs no gather gradient
 * (tfjs-wasm lacks UnsortedSegmentSum). Optional per-class weights scale each example's loss.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, classWeights?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[logits.rank - 1]!;
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), numClasses); // [B, C]
    const perExample = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), -1)); // [B]
    if (!classWeights) return tf.mean(perExample) as tf.Scalar;
    const w = tf.sum(tf.mul(oneHot, classWeights), -1); // [B]
    return tf.div(tf.sum(tf.mul(perExample, w)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
  });
}

/** Mean binary cross-entropy on logits (numerically stable form). logits and targets same shape. */
export function sigmoidCrossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    // max(x, 0) - x·z + log(1 + exp(-|x|))
    const z = tf.cast(targets, 'float32');
    const loss = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, z)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(loss) as tf.Scalar;
  });
}
