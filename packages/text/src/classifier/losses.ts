// The classifier's losses, each twice: tfjs (the tfjs engine and export parity) and ONNX nodes (the
// ONNX Runtime training graph). Only ops with gradient rules in core's autodiff are used.
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraphBuilder } from '@attune/core';

export interface LossOptions {
  numClasses: number;
  /** Softmax only: the target puts 1 − ε + ε/C on the label and ε/C on every other class. */
  labelSmoothing: number;
  /**
   * Softmax: each example's loss is scaled by its class's weight (a weighted mean).
   * Sigmoid: each label's positive term is scaled (errors on rare positive labels cost more).
   */
  classWeights?: readonly number[];
}

/** Smoothed, optionally class-weighted softmax cross-entropy. logits [B, C], labels int32 [B] -> scalar. */
export function emitSoftmaxLoss(g: OnnxGraphBuilder, logits: string, labels: string, o: LossOptions): string {
  const c = o.numClasses;
  const off = o.labelSmoothing / c;
  const target = g.op('OneHot', [labels, g.constant('int32', [c], []), g.constant('float32', [off, 1 - o.labelSmoothing + off])], { axis: -1 });
  const perExample = g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [g.op('LogSoftmax', [logits], { axis: -1 }), target]), g.constant('int64', [1])], { keepdims: 0 })]); // [B]
  if (!o.classWeights) return g.op('ReduceMean', [perExample, g.constant('int64', [0])], { keepdims: 0 });
  const w = g.op('Gather', [g.constant('float32', [...o.classWeights]), labels], { axis: 0 }); // [B]
  const sum = (x: string) => g.op('ReduceSum', [x, g.constant('int64', [0])], { keepdims: 0 });
  return g.op('Div', [sum(g.op('Mul', [perExample, w])), sum(w)]);
}

export function softmaxLoss(logits: tf.Tensor, labels: tf.Tensor, o: LossOptions): tf.Scalar {
  return tf.tidy(() => {
    const c = o.numClasses;
    const off = o.labelSmoothing / c;
    // on/off values of tf.oneHot are not honoured by every tfjs backend: scale a plain one-hot instead
    const target = tf.add(tf.mul(tf.cast(tf.oneHot(tf.cast(labels, 'int32'), c), 'float32'), 1 - o.labelSmoothing), off);
    const perExample = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), target), -1));
    if (!o.classWeights) return tf.mean(perExample) as tf.Scalar;
    const w = tf.gather(tf.tensor1d([...o.classWeights]), tf.cast(labels, 'int32'));
    return tf.div(tf.sum(tf.mul(perExample, w)), tf.sum(w)) as tf.Scalar;
  });
}

/**
 * Multi-label binary cross-entropy, mean over examples and labels. Each logit x becomes the pair
 * [x, 0], whose log-softmax is [log σ(x), log σ(−x)]: stable for any x, and built from ops core can
 * differentiate. logits [B, C], targets float32 [B, C] of 0/1 -> scalar.
 */
export function emitSigmoidLoss(g: OnnxGraphBuilder, logits: string, targets: string, o: LossOptions): string {
  const pairs = g.op('Mul', [g.op('Unsqueeze', [logits, g.constant('int64', [2])]), g.constant('float32', [1, 0])]); // [B, C, 2]
  const logp = g.op('LogSoftmax', [pairs], { axis: -1 });
  const z = g.op('Unsqueeze', [targets, g.constant('int64', [2])]); // [B, C, 1]
  const positive = o.classWeights ? g.op('Mul', [targets, g.constant('float32', [...o.classWeights])]) : targets;
  const weights = g.op('Add', [
    g.op('Mul', [g.op('Unsqueeze', [positive, g.constant('int64', [2])]), g.constant('float32', [1, 0])]),
    g.op('Mul', [g.op('Sub', [g.scalar(1), z]), g.constant('float32', [0, 1])]),
  ]); // [B, C, 2]: [w·z, 1 − z]
  const perLabel = g.op('ReduceSum', [g.op('Mul', [logp, weights]), g.constant('int64', [2])], { keepdims: 0 }); // [B, C]
  return g.op('Neg', [g.op('ReduceMean', [perLabel, g.constant('int64', [0, 1])], { keepdims: 0 })]);
}

export function sigmoidLoss(logits: tf.Tensor, targets: tf.Tensor, o: LossOptions): tf.Scalar {
  return tf.tidy(() => {
    const z = tf.cast(targets, 'float32');
    const positive = o.classWeights ? tf.mul(z, tf.tensor1d([...o.classWeights])) : z;
    // log σ(x) = −softplus(−x); log σ(−x) = −softplus(x)
    const loss = tf.add(tf.mul(positive, tf.softplus(tf.neg(logits))), tf.mul(tf.sub(1, z), tf.softplus(logits)));
    return tf.mean(loss) as tf.Scalar;
  });
}
