// The int8 export's integer matmuls must equal exact integer arithmetic on every CPU. Inputs are
// chosen so quantisation is lossless (activations 0..255 give scale 1 and zero point 0; weights are
// integers with ±127 in every column, scale 1), so the exported layer must return Σ x·w exactly.
// Activations near 255 against weights near ±127 are the case that saturates u8×s8 products on
// x86-64 CPUs without VNNI; the same graph is also run under an emulated Haswell (AVX2, no AVX-512,
// no VNNI) so the check holds whatever CPU runs the suite.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnx, OnnxGraphBuilder } from './graph-builder.js';
import { Linear } from '../nn/linear.js';
import { WEIGHT_ZERO_POINT } from './quantize.js';
import { runOnEmulatedHaswell } from '../test-support/emulated-cpu.js';

const M = 16; // rows of activations
const K = 96; // inFeatures: long enough that saturated pair sums would add up
const N = 48; // outFeatures

/** A bias-free int8 Linear whose weights are integers in [-127, 127], ±127 in every column. */
function integerLinear(): { linear: Linear; w: Int32Array } {
  const linear = new Linear({ inFeatures: K, outFeatures: N, bias: false }, { seed: 1 });
  const w = new Int32Array(K * N);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < N; j++) {
      const sign = (i * 37 + j * 11) % 5 < 3 ? 1 : -1;
      w[i * N + j] = i === j ? 127 : sign * (127 - ((i + j) % 3)); // 127 on the diagonal sets each column's scale to 1
    }
  }
  linear.weight.assign(tfTensor(Float32Array.from(w), [K, N]));
  return { linear, w };
}

let tf: typeof import('@tensorflow/tfjs-core');
function tfTensor(data: Float32Array, shape: number[]) {
  return tf.tensor(data, shape);
}

/** Activations 0..255, mostly near 255: the worst case for saturating u8×s8 kernels. */
function activations(): Float32Array {
  const x = new Float32Array(M * K);
  for (let i = 0; i < x.length; i++) x[i] = 255 - (i % 7 === 0 ? (i * 13) % 256 : i % 4);
  x[0] = 0; // the minimum, so DynamicQuantizeLinear's zero point is 0 and its scale exactly 1
  x[1] = 255;
  return x;
}

function exactProduct(x: Float32Array, w: Int32Array): Float64Array {
  const y = new Float64Array(M * N);
  for (let r = 0; r < M; r++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += x[r * K + k]! * w[k * N + j]!;
    y[r * N + j] = s;
  }
  return y;
}

function exportedLayer(linear: Linear): Uint8Array {
  const g = new OnnxGraphBuilder();
  const x = g.input('x', 'float32', [M, K]);
  g.op('Identity', [linear.emitOnnx({ g, precision: 'int8', int8MinSize: 0 }, x)], {}, 'y');
  g.output('y', 'float32', [M, N]);
  return g.toBytes('int8_linear');
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('int8 export: integer matmuls are exact', () => {
  it('stores weights as uint8 around 128 (u8u8 MatMulInteger, which no x86-64 kernel saturates)', async () => {
    tf = await import('@tensorflow/tfjs-core');
    const { linear } = integerLinear();
    const model = onnx.ModelProto.decode(exportedLayer(linear));
    const matmul = model.graph!.node!.find((n) => n.opType === 'MatMulInteger')!;
    const byName = new Map(model.graph!.initializer!.map((t) => [t.name!, t]));
    const [, weights, , zeroPoint] = matmul.input!.map((n) => byName.get(n));
    expect(weights!.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect(zeroPoint!.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect([...zeroPoint!.rawData!].every((z) => z === WEIGHT_ZERO_POINT)).toBe(true);
  });

  it('equals exact integer arithmetic on this CPU', async () => {
    tf = await import('@tensorflow/tfjs-core');
    const { linear, w } = integerLinear();
    const x = activations();
    const session = await ort.InferenceSession.create(exportedLayer(linear));
    const y = (await session.run({ x: new ort.Tensor('float32', x, [M, K]) }))['y']!.data as Float32Array;
    await session.release();
    expect(maxAbsDiff(y, exactProduct(x, w))).toBe(0);
  });

  it('equals exact integer arithmetic on an AVX2-only CPU without VNNI (emulated Haswell)', async () => {
    tf = await import('@tensorflow/tfjs-core');
    const { linear, w } = integerLinear();
    const x = activations();
    const y = runOnEmulatedHaswell(exportedLayer(linear), 'x', x, [M, K]);
    expect(maxAbsDiff(y, exactProduct(x, w))).toBe(0);
  });
});
