/**
 * Periodic Hann window (`scipy.signal.get_window('hann', n)`, `torch.hann_window(n)`): the
 * symmetric window of n + 1 points without its last one, so overlapping frames sum to a constant.
 */
export function periodicHann(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return w;
}
