// The grouped (depthwise-convolution) attention must compute the same function as the batched
// reference, values and gradients, for every mask kind and for odd sizes.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-support/tensors.js';
import { groupedAttention, groupedMatMul } from './grouped-attention.js';
import { causalMask } from './masks.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { scaledDotProductAttention } from './scaled-dot-product-attention.js';

const ATOL = 1e-4;
let seed = 1;
const normal = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', seed++);

type MaskKind = 'none' | 'padding' | 'causal' | 'both' | 'fully-masked';

/** keyPadding [B, Tk] with a few padded keys; `fully-masked` pads every key of the last sequence. */
function keyPadding(b: number, tk: number, kind: MaskKind): tf.Tensor | undefined {
  if (kind === 'none' || kind === 'causal') return undefined;
  const values = new Float32Array(b * tk).fill(1);
  for (let i = 0; i < b; i++) for (let j = tk - (i % 3); j < tk; j++) values[i * tk + j] = 0;
  if (kind === 'fully-masked') values.fill(0, (b - 1) * tk);
  return tf.tensor2d(values, [b, tk]);
}

describe('groupedMatMul', () => {
  it('is a batched matmul with the groups innermost', () => {
    const a = normal([5, 3, 4]); // [M, K, C]
    const b = normal([3, 4, 7]); // [K, C, N]
    const reference = tf.transpose(tf.matMul(tf.transpose(a, [2, 0, 1]), tf.transpose(b, [1, 0, 2])), [1, 0, 2]); // [M, C, N]
    expectClose(groupedMatMul(a, b), reference.dataSync(), 1e-5);
  });
});

describe('groupedAttention matches scaledDotProductAttention', () => {
  const cases: [number, number, number, number, number][] = [
    // [B, Tq, Tk, H, dk]
    [1, 7, 7, 2, 3],
    [3, 5, 9, 4, 2],
    [2, 16, 16, 1, 8],
  ];
  for (const [b, tq, tk, h, dk] of cases) {
    for (const kind of ['none', 'padding', 'causal', 'both', 'fully-masked'] as MaskKind[]) {
      it(`B=${b} Tq=${tq} Tk=${tk} H=${h} dk=${dk}, mask ${kind}`, () => {
        tf.tidy(() => {
          const [q, k, v] = [normal([b, tq, h, dk]), normal([b, tk, h, dk]), normal([b, tk, h, dk])];
          const pad = keyPadding(b, tk, kind);
          let keep = pad && tf.reshape(pad, [b, 1, 1, tk]); // [B, 1, Tq|1, Tk]
          if (kind === 'causal' || kind === 'both') {
            const tri = tf.reshape(causalMask(tq, tk), [1, 1, tq, tk]);
            keep = keep ? tf.mul(keep, tri) : tri;
          }
          const w = normal([b, tq, h * dk]); // random cotangent, so every output element matters
          const split = (t: tf.Tensor) => tf.transpose(t, [0, 2, 1, 3]); // [B, T, H, dk] -> [B, H, T, dk]
          const reference = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => {
            const heads = scaledDotProductAttention(split(q), split(k), split(v), keep ? { keep } : {});
            return tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [b, tq, h * dk]);
          };
          const groupedKeep = keep && tf.transpose(keep, [2, 0, 1, 3]);
          const grouped = (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => groupedAttention(q, k, v, groupedKeep ? { keep: groupedKeep } : {});
          const loss = (f: typeof reference) => (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(f(q, k, v), w));
          const out = grouped(q, k, v);
          expect(Array.from(out.dataSync()).some(Number.isNaN)).toBe(false);
          expectClose(out, reference(q, k, v).dataSync(), ATOL);
          const gRef = tf.grads(loss(reference))([q, k, v]);
          const gNew = tf.grads(loss(grouped))([q, k, v]);
          for (let i = 0; i < 3; i++) expectClose(gNew[i]!, gRef[i]!.dataSync(), ATOL);
          if (kind === 'fully-masked') {
            const last = tf.slice(out, [b - 1, 0, 0], [1, tq, h * dk]);
            expect(Array.from(last.dataSync()).every((x) => x === 0)).toBe(true);
          }
        });
      });
    }
  }
});

describe('MultiHeadAttention: grouped kernel matches batched', () => {
  const cases: [number, number, number][] = [
    // [B, Tq, Tk]; Tk ≠ Tq is cross-attention
    [1, 7, 7],
    [4, 5, 5],
    [2, 6, 11],
  ];
  for (const [b, tq, tk] of cases) {
    for (const kind of ['none', 'padding', 'causal', 'both', 'fully-masked'] as MaskKind[]) {
      it(`B=${b} Tq=${tq} Tk=${tk}, mask ${kind}`, () => {
        const make = (kernel: 'batched' | 'grouped') => new MultiHeadAttention({ dModel: 12, numHeads: 3, kernel }, { seed: 7 });
        const [batched, grouped] = [make('batched'), make('grouped')];
        tf.tidy(() => {
          const x = normal([b, tq, 12]);
          const context = tk === tq ? x : normal([b, tk, 12]);
          const pad = keyPadding(b, tk, kind);
          const mask = { ...(pad ? { keyPadding: pad } : {}), causal: kind === 'causal' || kind === 'both' };
          const w = normal([b, tq, 12]);
          for (const [name, ctx] of [['eval', {}], ['dropout', { training: true, seed: 5 }]] as const) {
            const run = (m: MultiHeadAttention) => {
              // gradients w.r.t. the query input, and the key/value input when it is a separate tensor
              const f = (x: tf.Tensor, c?: tf.Tensor) => tf.sum(tf.mul(m.forward(x, mask, ctx, c ?? x), w)) as tf.Scalar;
              const inputs = tk === tq ? [x] : [x, context];
              const { value, grads } = tf.valueAndGrads(f)(inputs);
              const variables = m.namedParameters().map(([, v]) => v);
              const params = tf.variableGrads(() => f(x, tk === tq ? undefined : context), variables);
              return { out: m.forward(x, mask, ctx, context), value, grads, params: variables.map((v) => params.grads[v.name]!) };
            };
            const [r, g] = [run(batched), run(grouped)];
            expectClose(g.out, r.out.dataSync(), ATOL);
            expect(Math.abs(g.value.dataSync()[0]! - r.value.dataSync()[0]!), name).toBeLessThanOrEqual(ATOL * 10);
            r.grads.forEach((grad, i) => expectClose(g.grads[i]!, grad.dataSync(), ATOL));
            g.params.forEach((grad, i) => expectClose(grad, r.params[i]!.dataSync(), ATOL));
          }
        });
        batched.dispose();
        grouped.dispose();
      });
    }
  }
});
