/**
 * Weight quantisation for int8 export: the weight half of ONNX Runtime's dynamic quantisation
 * (activations are quantised to uint8 at run time by DynamicQuantizeLinear).
 *
 * Weights are stored as uint8 with a zero point of 128 (a "u8u8" MatMulInteger), not as int8.
 * x86-64 CPUs without VNNI multiply u8×s8 with `vpmaddubsw`, which adds each pair of products into
 * a saturating int16: with activations near 255 and weights near ±127 a pair reaches 64,770 and
 * clips at 32,767, and the model silently loses accuracy on those machines only (measured: a bare
 * MatMulInteger off by over a million on an emulated Haswell, exact on an AVX-512 VNNI CPU). The u8u8
 * kernels widen to int16 before multiplying, so they are exact on AVX2 and on AVX-512 VNNI (checked
 * by int8-exact.test.ts, the former emulated) and on WebAssembly, and keep the full 8-bit weight
 * resolution that the other remedy, 7-bit weights (ONNX Runtime's `reduce_range`), halves.
 */

/** The zero point of every quantised weight column: uint8 128 stands for 0. */
export const WEIGHT_ZERO_POINT = 128;

/**
 * Symmetric per-output-column quantisation of a [in, out] weight matrix to uint8 around 128:
 * scale[j] = max|W[:, j]| / 127, q = round(W / scale) + 128 in [1, 255], W ≈ (q − 128)·scale.
 */
export function quantizeColumnsUint8(w: Float32Array, rows: number, cols: number): { q: Uint8Array; scale: Float32Array } {
  const scale = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    let max = 0;
    for (let i = 0; i < rows; i++) max = Math.max(max, Math.abs(w[i * cols + j]!));
    scale[j] = max > 0 ? max / 127 : 1;
  }
  const q = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      q[i * cols + j] = WEIGHT_ZERO_POINT + Math.max(-127, Math.min(127, Math.round(w[i * cols + j]! / scale[j]!)));
    }
  }
  return { q, scale };
}
