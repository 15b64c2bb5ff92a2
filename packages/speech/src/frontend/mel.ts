/** HTK mel scale (Young et al., The HTK Book): mel = 2595 · log10(1 + f / 700). */
export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/**
 * Triangular mel filterbank, `[nMels][nFft / 2 + 1]`, as librosa's `filters.mel(htk=True,
 * norm=None)`: band edges are equally spaced in mel, each triangle peaks at 1 at its centre and
 * there is no area normalisation (the golden vectors use none).
 */
export function melFilterbank(sampleRate: number, nFft: number, nMels: number, fMin: number, fMax: number): Float64Array[] {
  const nBins = nFft / 2 + 1;
  const melMin = hzToMel(fMin);
  const melMax = hzToMel(fMax);
  const edges = Array.from({ length: nMels + 2 }, (_, i) => melToHz(melMin + ((melMax - melMin) * i) / (nMels + 1)));
  const binHz = (k: number) => (k * sampleRate) / nFft;
  return Array.from({ length: nMels }, (_, m) => {
    const [lo, mid, hi] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const row = new Float64Array(nBins);
    for (let k = 0; k < nBins; k++) {
      const f = binHz(k);
      row[k] = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
    }
    return row;
  });
}
