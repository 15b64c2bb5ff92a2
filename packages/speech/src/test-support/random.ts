/** mulberry32: a tiny seeded PRNG, so property-style tests replay the same cases on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A sine of `amplitude` at `hz`, `seconds` long at `sampleRate`. */
export function tone(hz: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const n = Math.round(sampleRate * seconds);
  return Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate));
}
