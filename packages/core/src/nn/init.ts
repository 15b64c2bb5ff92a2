import { Rng } from '../util/random.js';

/** Produces initial values for a parameter of `shape` from a seed (computed in JS: identical everywhere). */
export type Initializer = (shape: number[], seed: number) => Float32Array;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export const zeros: Initializer = (shape) => new Float32Array(size(shape));

export const ones: Initializer = (shape) => new Float32Array(size(shape)).fill(1);

/** Glorot/Xavier uniform for a [fanIn, fanOut] matrix: keeps activation variance steady through layers. */
export const xavierUniform: Initializer = (shape, seed) => {
  const fanIn = shape[0] ?? 1;
  const fanOut = shape[shape.length - 1] ?? 1;
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const rng = new Rng(seed);
  const out = new Float32Array(size(shape));
  for (let i = 0; i < out.length; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
};

/** Normal(0, std): the usual choice for embedding tables (std 0.02 as in GPT-2/BERT). */
export function normal(std: number): Initializer {
  return (shape, seed) => {
    const rng = new Rng(seed);
    const out = new Float32Array(size(shape));
    for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
    return out;
  };
}
