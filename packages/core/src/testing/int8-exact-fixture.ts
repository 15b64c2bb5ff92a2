import * as tf from '@tensorflow/tfjs-core';
import { Linear } from '../nn/linear.js';
import { OnnxGraphBuilder } from '../onnx/graph-builder.js';

/**
 * An int8-exported Linear layer with inputs for which quantisation is lossless, so any backend
 * must return exact integer arithmetic: activations 0..255 (with a 0 and a 255, so
 * DynamicQuantizeLinear's scale is exactly 1 and its zero point 0) against integer weights in
 * [-127, 127] with 127 in every column (weight scale exactly 1). Activations near 255 against
 * weights near ±127 are what saturates u8×s8 kernels on x86-64 CPUs without VNNI.
 */
export interface Int8ExactFixture {
  /** ONNX model: float32 input `x` [rows, inFeatures] → float32 output `y` [rows, outFeatures]. */
  model: Uint8Array;
  x: Float32Array;
  dims: [number, number];
  /** Σ x·w, computed exactly in float64 (every value is an integer well inside float32's exact range). */
  expected: Float64Array;
}

export function makeInt8ExactFixture(rows = 16, inFeatures = 96, outFeatures = 48): Int8ExactFixture {
  const w = new Int32Array(inFeatures * outFeatures);
  for (let i = 0; i < inFeatures; i++) {
    for (let j = 0; j < outFeatures; j++) {
      const sign = (i * 37 + j * 11) % 5 < 3 ? 1 : -1;
      w[i * outFeatures + j] = i === j % inFeatures ? 127 : sign * (127 - ((i + j) % 3));
    }
  }
  const x = new Float32Array(rows * inFeatures);
  for (let i = 0; i < x.length; i++) x[i] = 255 - (i % 7 === 0 ? (i * 13) % 256 : i % 4);
  x[0] = 0;
  x[1] = 255;

  const linear = new Linear({ inFeatures, outFeatures, bias: false }, { seed: 1 });
  tf.tidy(() => linear.weight.assign(tf.tensor2d(Float32Array.from(w), [inFeatures, outFeatures])));
  const g = new OnnxGraphBuilder();
  const input = g.input('x', 'float32', [rows, inFeatures]);
  g.op('Identity', [linear.emitOnnx({ g, precision: 'int8', int8MinSize: 0 }, input)], {}, 'y');
  g.output('y', 'float32', [rows, outFeatures]);
  const model = g.toBytes('int8_exact_linear');
  linear.dispose();

  const expected = new Float64Array(rows * outFeatures);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < outFeatures; j++) {
      let s = 0;
      for (let k = 0; k < inFeatures; k++) s += x[r * inFeatures + k]! * w[k * outFeatures + j]!;
      expected[r * outFeatures + j] = s;
    }
  }
  return { model, x, dims: [rows, inFeatures], expected };
}
