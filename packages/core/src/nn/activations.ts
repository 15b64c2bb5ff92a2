import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraphBuilder } from '../onnx/graph-builder.js';

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

/** GELU as ONNX nodes (Erf or Tanh based; the Gelu op needs opset 20, which fewer runtimes support). */
export function emitGelu(g: OnnxGraphBuilder, x: string, form: GeluForm = 'erf'): string {
  if (form === 'erf') {
    const phi = g.op('Add', [g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2)])]), g.scalar(1)]);
    return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), phi]);
  }
  const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
  const inner = g.op('Mul', [g.op('Add', [x, g.op('Mul', [cube, g.scalar(0.044715)])]), g.scalar(Math.sqrt(2 / Math.PI))]);
  return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [g.op('Tanh', [inner]), g.scalar(1)])]);
}
