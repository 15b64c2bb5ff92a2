import { InputError } from '../errors/input-error.js';
import type { Dim } from '../onnx/graph-builder.js';
import type { Batch } from '../train/types.js';
import { deriveSeed } from '../util/random.js';

/**
 * Values of the named dims (`batch`, `sequence`, ...) in this batch, read from the batch inputs'
 * declared dims: e.g. ids declared [batch, sequence] with data shape [32, 64] binds both.
 */
export function bindDims(
  inputs: Array<{ name: string; dims: Dim[] }>,
  batch: Batch,
  /** Dims the model fixed itself (`g.bindDim`); a batch input that disagrees is an error. */
  fixed: Record<string, number> = {},
): Map<string, number> {
  const bound = new Map<string, number>(Object.entries(fixed));
  for (const { name, dims } of inputs) {
    const given = batch[name];
    if (!given) throw new InputError(`The batch has no "${name}"; the training graph takes ${inputs.map((i) => `"${i.name}"`).join(', ')}.`);
    dims.forEach((d, i) => {
      if (typeof d !== 'string') return;
      const size = given.shape[i]!;
      if (d in fixed && fixed[d] !== size) {
        throw new InputError(`Batch input "${name}" has ${d} = ${size}, but the model fixes ${d} at ${fixed[d]}.`);
      }
      bound.set(d, size);
    });
  }
  return bound;
}

export function resolveDims(dims: Dim[], bound: Map<string, number>): number[] {
  return dims.map((d) => {
    if (typeof d === 'number') return d;
    const v = bound.get(d);
    if (v === undefined) {
      throw new InputError(`No batch input defines the dimension "${d}"; declare it in an input's dims or fix it with g.bindDim("${d}", size).`);
    }
    return v;
  });
}

/**
 * Inverted-dropout mask: each entry 0 (dropped, probability `rate`) or 1/(1 − rate), from a seeded
 * xorshift generator, two 16-bit draws per 32-bit number (keep probability quantised to 1/65536).
 * Seeded per step and per mask, so a step can be replayed exactly.
 */
export function fillDropoutMask(out: Float32Array, rate: number, seed: number): void {
  const keep = Math.round((1 - rate) * 65536);
  const scale = 1 / (1 - rate);
  let x = seed >>> 0 || 0x9e3779b9;
  let i = 0;
  for (; i + 1 < out.length; i += 2) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x & 0xffff) < keep ? scale : 0;
    out[i + 1] = x >>> 16 < keep ? scale : 0;
  }
  if (i < out.length) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x & 0xffff) < keep ? scale : 0;
  }
}

/** Seed of mask `index` in the step seeded `stepSeed`. */
export const maskSeed = (stepSeed: number, index: number) => deriveSeed(stepSeed, 0xd7, index);
