import * as tf from '@tensorflow/tfjs-core';

/** The two GELU forms in use: exact (erf, PyTorch's default) and the tanh approximation (GPT-2). */
export type GeluForm = 'erf' | 'tanh';

/** GELU(x) = x·Φ(x). */
export function gelu(x: tf.Tensor, form: GeluForm = 'erf'): tf.Tensor {
  return tf.tidy(() => {
    if (form === 'erf') {
      // 0.5·x·(1 + erf(x/√2))
      return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
    }
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
  });
}
