import type { OnnxGraphBuilder } from '../onnx/graph-builder.js';

/** Scalar inputs of a training step, fed by the engine each run (the schedule lives in fit()). */
export const STEP_INPUTS = ['lr', 'beta1', 'beta2', 'epsilon', 'weight_decay', 'clip_norm', 'bias_correction1', 'bias_correction2'] as const;

/** Output names of a weight's updated value and moments. */
export const nextName = (weight: string) => `${weight}.next`;
export const momentName = (weight: string, which: 1 | 2) => `${weight}.m${which}`;

/**
 * Global-norm clipping and one AdamW update for every weight, as graph nodes, in PyTorch's order and
 * arithmetic: p ← p·(1 − lr·wd) for matrices, then p ← p − (lr/c₁)·m / (√v + ε·√c₂), with m, v the
 * updated moments and c₁, c₂ the bias corrections. Scalars are folded first (the clip factor into
 * the moment coefficients, g² shared with the norm) so each weight costs ~12 elementwise ops.
 * Moments come in as inputs and go out as outputs; `clip_norm` = +Infinity turns clipping off.
 */
export function emitAdamW(g: OnnxGraphBuilder, weights: Array<{ name: string; dims: number[] }>, grads: Map<string, string>): void {
  const s = Object.fromEntries(STEP_INPUTS.map((n) => [n, g.input(n, 'float32', [])])) as Record<(typeof STEP_INPUTS)[number], string>;
  const gradOf = (w: { name: string }) => grads.get(w.name)!;
  const squared = weights.map((w) => g.op('Mul', [gradOf(w), gradOf(w)]));
  const sums = squared.map((sq) => g.op('ReduceSum', [sq], { keepdims: 0 }));
  const norm = g.op('Sqrt', [sums.length > 1 ? g.op('Sum', sums) : sums[0]!], {}, 'grad_norm');
  g.output(norm, 'float32', []);
  // scalar algebra, once per step
  const scale = g.op('Min', [g.scalar(1), g.op('Div', [s.clip_norm, g.op('Add', [norm, g.scalar(1e-6)])])]);
  const gradCoef = g.op('Mul', [g.op('Sub', [g.scalar(1), s.beta1]), scale]); // (1 − β₁)·scale
  const squareCoef = g.op('Mul', [g.op('Sub', [g.scalar(1), s.beta2]), g.op('Mul', [scale, scale])]); // (1 − β₂)·scale²
  const rootC2 = g.op('Sqrt', [s.bias_correction2]);
  const stepSize = g.op('Div', [g.op('Mul', [s.lr, rootC2]), s.bias_correction1]); // lr·√c₂/c₁
  const epsHat = g.op('Mul', [s.epsilon, rootC2]); // ε·√c₂
  const decayFactor = g.op('Sub', [g.scalar(1), g.op('Mul', [s.lr, s.weight_decay])]);
  weights.forEach((w, i) => {
    const m = g.input(momentName(w.name, 1), 'float32', w.dims);
    const v = g.input(momentName(w.name, 2), 'float32', w.dims);
    const m2 = g.op('Add', [g.op('Mul', [m, s.beta1]), g.op('Mul', [gradOf(w), gradCoef])], {}, nextName(momentName(w.name, 1)));
    const v2 = g.op('Add', [g.op('Mul', [v, s.beta2]), g.op('Mul', [squared[i]!, squareCoef])], {}, nextName(momentName(w.name, 2)));
    // biases and norm gains (rank 1) are not decayed, as in the tfjs engine
    const decayed = w.dims.length >= 2 ? g.op('Mul', [w.name, decayFactor]) : w.name;
    const update = g.op('Div', [m2, g.op('Add', [g.op('Sqrt', [v2]), epsHat])]);
    g.op('Sub', [decayed, g.op('Mul', [update, stepSize])], {}, nextName(w.name));
    for (const out of [nextName(w.name), nextName(momentName(w.name, 1)), nextName(momentName(w.name, 2))]) g.output(out, 'float32', w.dims);
  });
}
