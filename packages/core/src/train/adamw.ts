import * as tf from '@tensorflow/tfjs-core';
import type { StepParams } from './types.js';

/** AdamW defaults (Loshchilov & Hutter): the values PyTorch and most Transformer recipes use. */
export const ADAMW_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 } as const;

export interface AdamWSlot {
  param: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  /** Biases and norm gains are not decayed: decay would pull them towards 0, not towards "simpler". */
  decay: boolean;
}

/**
 * One AdamW update, in PyTorch's order: p ← p·(1 − lr·wd), then p ← p − lr·m̂/(√v̂ + ε).
 * `gradScale` carries global-norm clipping (1 when no clipping is needed). `t` is the 1-based step.
 */
export function adamwUpdate(
  slots: AdamWSlot[],
  grads: tf.Tensor[],
  t: number,
  params: StepParams,
  gradScale: number,
): void {
  const { learningRate: lr, beta1, beta2, epsilon, weightDecay } = params;
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  tf.tidy(() => {
    slots.forEach((slot, i) => {
      const g = gradScale === 1 ? grads[i]! : tf.mul(grads[i]!, gradScale);
      const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      slot.m.assign(m);
      slot.v.assign(v);
      let p: tf.Tensor = slot.param;
      if (slot.decay && weightDecay > 0) p = tf.mul(p, 1 - lr * weightDecay);
      const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
      slot.param.assign(tf.sub(p, tf.mul(update, lr)));
    });
  });
}

/** Global L2 norm of all gradients (one scalar tensor). */
export function globalNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** Factor that brings the global norm down to `clipNorm` (1 when it already is, or clipping is off). */
export function clipScale(norm: number, clipNorm: number): number {
  return clipNorm > 0 && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1;
}
