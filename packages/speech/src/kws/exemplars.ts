import { openSession, type Artifact, type Runtime } from '@attune/core';
import { inputOf, type KeywordExample, type KeywordSpotterState } from './plugin.js';

/**
 * A few embeddings per keyword (the pooled encoder output of evenly spaced training clips), kept in
 * the artifact's state. `enrol` fits a new head against them, so adding a word later needs neither
 * the original training clips nor a second training run. Rounded to 4 decimals: the manifest is JSON.
 */
export async function computeExemplars(
  runtime: Runtime,
  artifact: Artifact,
  state: KeywordSpotterState,
  examples: readonly KeywordExample[],
  perLabel: number,
): Promise<Record<string, number[][]>> {
  const picked: KeywordExample[] = [];
  for (const label of state.labels) {
    const own = examples.filter((e) => e.label === label);
    const stride = Math.max(1, own.length / perLabel);
    for (let k = 0; k < Math.min(perLabel, own.length); k++) picked.push(own[Math.floor(k * stride)]!);
  }
  const session = await openSession(runtime, artifact.files.get('model.onnx')!);
  try {
    const out: Record<string, number[][]> = Object.fromEntries(state.labels.map((l) => [l, []]));
    const size = state.numFrames * state.inputWidth;
    for (let i = 0; i < picked.length; i += 64) {
      const batch = picked.slice(i, i + 64);
      const data = new Float32Array(batch.length * size);
      batch.forEach((e, k) => data.set(inputOf(e, state, `Example ${i + k}`), k * size));
      const result = await session.run({ features: { type: 'float32', data, dims: [batch.length, state.numFrames, state.inputWidth] } });
      const embedding = result['embedding']!;
      const dim = embedding.dims[1]!;
      const values = embedding.data as Float32Array;
      batch.forEach((e, k) => out[e.label]!.push(Array.from(values.subarray(k * dim, (k + 1) * dim), (v) => Math.round(v * 1e4) / 1e4)));
    }
    return out;
  } finally {
    await session.release();
  }
}
