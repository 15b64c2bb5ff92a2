// Checks the maths against reference values computed independently in float64 with numpy
// (../shared/golden, copied into __fixtures__), within the tolerances those files state.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import attention from './__fixtures__/attention.json';
import normAct from './__fixtures__/norm_act.json';
import positional from './__fixtures__/positional.json';
import { expectClose, flat } from '../test-support/tensors.js';
import { gelu } from './activations.js';
import { layerNorm } from './layer-norm.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { fromAdditiveMask, scaledDotProductAttention } from './scaled-dot-product-attention.js';
import { sinusoidalTable } from './positional-embedding.js';

type Case = Record<string, unknown> & { name: string };
const cases = (file: { cases: unknown[] }) => file.cases as Case[];
const tensor = (v: unknown) => tf.tensor(flat(v as number[]), shapeOf(v));
function shapeOf(v: unknown): number[] {
  const s: number[] = [];
  let x = v;
  while (Array.isArray(x)) {
    s.push(x.length);
    x = x[0];
  }
  return s;
}
/** The JSON spells -inf as a string. */
const parseInf = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(parseInf) : v === '-inf' ? -Infinity : v === 'inf' ? Infinity : v;

describe('scaled dot-product attention (golden)', () => {
  for (const c of cases(attention).filter((c) => c.name.startsWith('sdpa'))) {
    it(c.name, () => {
      const mask = c['additive_mask'] ? fromAdditiveMask(tensor(parseInf(c['additive_mask']))) : {};
      const out = scaledDotProductAttention(tensor(c['q']), tensor(c['k']), tensor(c['v']), mask);
      expect(Array.from(out.dataSync()).some(Number.isNaN)).toBe(false);
      expectClose(out, c['out'] as number[], attention.atol);
    });
  }
});

describe('multi-head attention (golden)', () => {
  for (const c of cases(attention).filter((c) => c.name.startsWith('mha'))) {
    it(c.name, () => {
      const x = tensor(c['x']);
      const [, , d] = x.shape;
      const mha = new MultiHeadAttention({ dModel: d!, numHeads: c['heads'] as number });
      const p = c['params'] as Record<string, number[][] | number[]>;
      const assign = (v: tf.Variable, values: unknown) => v.assign(tf.tensor(flat(values as number[]), v.shape));
      assign(mha.query.weight, p['wq']);
      assign(mha.key.weight, p['wk']);
      assign(mha.value.weight, p['wv']);
      assign(mha.output.weight, p['wo']);
      assign(mha.query.bias!, p['bq']);
      assign(mha.key.bias!, p['bk']);
      assign(mha.value.bias!, p['bv']);
      assign(mha.output.bias!, p['bo']);
      const keyPadding = c['key_padding'] ? tensor(c['key_padding']) : undefined;
      const causal = c.name.includes('causal');
      const out = mha.forward(x, { ...(keyPadding ? { keyPadding } : {}), causal });
      expectClose(out, c['out'] as number[], attention.atol);
      mha.dispose();
    });
  }
});

describe('layer norm, GELU, softmax (golden)', () => {
  const byName = Object.fromEntries(cases(normAct).map((c) => [c.name, c]));
  it('layer norm uses the biased variance', () => {
    const c = byName['layer_norm_eps1e-5']!;
    expectClose(layerNorm(tensor(c['x']), tensor(c['gamma']), tensor(c['beta']), c['eps'] as number), c['out'] as number[], normAct.atol);
  });
  it('GELU, exact (erf) form', () => {
    const c = byName['gelu_erf']!;
    expectClose(gelu(tensor(c['x']), 'erf'), c['out'] as number[], normAct.atol);
  });
  it('GELU, tanh approximation', () => {
    const c = byName['gelu_tanh']!;
    expectClose(gelu(tensor(c['x']), 'tanh'), c['out'] as number[], normAct.atol);
  });
  it('softmax stays finite for extreme logits', () => {
    const c = byName['softmax_large_logits']!;
    expectClose(tf.softmax(tensor(c['x'])), c['out'] as number[], normAct.atol);
  });
});

describe('sinusoidal positions (golden)', () => {
  it('matches even-sin / odd-cos with base 10000', () => {
    expectClose(sinusoidalTable(positional.T, positional.D), positional.out, positional.atol);
  });
});
