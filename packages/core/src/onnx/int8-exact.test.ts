// The int8 export's integer matmuls must equal exact integer arithmetic on every CPU: the fixture's
// inputs make quantisation lossless, so the layer must return Σ x·w exactly. The same graph also
// runs under an emulated Haswell (AVX2, no AVX-512, no VNNI), where u8×s8 kernels saturate, so the
// check holds whatever CPU runs the suite. (packages/web runs the fixture on WASM.)
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { onnx } from './graph-builder.js';
import { WEIGHT_ZERO_POINT } from './quantize.js';
import { runOnEmulatedHaswell } from '../test-support/emulated-cpu.js';
import { makeInt8ExactFixture } from '../testing/int8-exact-fixture.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('int8 export: integer matmuls are exact', () => {
  it('stores weights as uint8 around 128 (u8u8 MatMulInteger, which no x86-64 kernel saturates)', () => {
    const model = onnx.ModelProto.decode(makeInt8ExactFixture().model);
    const matmul = model.graph!.node!.find((n) => n.opType === 'MatMulInteger')!;
    const byName = new Map(model.graph!.initializer!.map((t) => [t.name!, t]));
    const [, weights, , zeroPoint] = matmul.input!.map((n) => byName.get(n));
    expect(weights!.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect(zeroPoint!.dataType).toBe(onnx.TensorProto.DataType.UINT8);
    expect([...zeroPoint!.rawData!].every((z) => z === WEIGHT_ZERO_POINT)).toBe(true);
  });

  it('equals exact integer arithmetic on this CPU', async () => {
    const { model, x, dims, expected } = makeInt8ExactFixture();
    const session = await ort.InferenceSession.create(model);
    const y = (await session.run({ x: new ort.Tensor('float32', x, dims) }))['y']!.data as Float32Array;
    await session.release();
    expect(maxAbsDiff(y, expected)).toBe(0);
  });

  it('equals exact integer arithmetic on an AVX2-only CPU without VNNI (emulated Haswell)', () => {
    const { model, x, dims, expected } = makeInt8ExactFixture();
    expect(maxAbsDiff(runOnEmulatedHaswell(model, 'x', x, dims), expected)).toBe(0);
  });
});
