/**
 * Symmetric per-output-column int8 quantisation of a [in, out] weight matrix, the weight half of
 * ONNX Runtime's dynamic quantisation (activations are quantised at run time by
 * DynamicQuantizeLinear). scale[j] = max|W[:, j]| / 127, W ≈ q·scale.
 */
export function quantizeColumnsInt8(w: Float32Array, rows: number, cols: number): { q: Int8Array; scale: Float32Array } {
  const scale = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    let max = 0;
    for (let i = 0; i < rows; i++) max = Math.max(max, Math.abs(w[i * cols + j]!));
    scale[j] = max > 0 ? max / 127 : 1;
  }
  const q = new Int8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) q[i * cols + j] = Math.max(-127, Math.min(127, Math.round(w[i * cols + j]! / scale[j]!)));
  }
  return { q, scale };
}
