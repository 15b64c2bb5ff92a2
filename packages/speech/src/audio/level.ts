/** Root mean square of a signal (0 for an empty one). */
export function rms(x: Float32Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum / Math.max(1, x.length));
}

/** Mean square of each consecutive `block`-sample stretch of `x` (the last one may be shorter). */
export function blockMeanSquares(x: Float32Array, block: number): Float64Array {
  const out = new Float64Array(Math.ceil(x.length / block));
  for (let b = 0; b < out.length; b++) {
    const start = b * block;
    const end = Math.min(x.length, start + block);
    let s = 0;
    for (let i = start; i < end; i++) s += x[i]! * x[i]!;
    out[b] = s / (end - start);
  }
  return out;
}

/**
 * The signal scaled so its RMS is `levelDb` dB full scale (a new array; silence, and any signal when
 * `levelDb` is null, are returned as they are).
 * Why the keyword spotter levels clips: FSDD's speakers were recorded 20 dB apart (RMS -21 to
 * -42 dBFS), and the log-mel floor is absolute, so without it a quiet voice sits closer to the floor
 * that padding and pauses fall to than a loud one, which the model learns as part of the voice.
 */
export function scaleToLevel(x: Float32Array, levelDb: number | null): Float32Array {
  if (levelDb === null) return x;
  const current = rms(x);
  if (current === 0) return x;
  const gain = 10 ** (levelDb / 20) / current;
  return x.map((v) => v * gain);
}
