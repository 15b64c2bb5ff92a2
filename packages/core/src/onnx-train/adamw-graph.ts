import type { OnnxGraphBuilder } from '../onnx/graph-builder.js';

/** Scalar inputs of a training step, fed by the engine each run (the schedule lives in fit()). */
export const STEP_INPUTS = ['lr', 'beta1', 'beta2', 'epsilon', 'weight_decay', 'clip_norm', 'bias_correction1', 'bias_correction2'] as const;

/** Output names of a weight's updated value and moments. */
export const nextName = (weight: string) => `${weight}.next`;
export const momentName = (weight: string, which: 1 | 2) => `${weight}.m${which}`;

/**
 * Global-norm clipping and one AdamW update for every weight, as graph nodes (PyTorch's order:
 * p ← p·(1 − lr·wd) for matrices, then p ← p − lr·m̂/(√v̂ + ε)). Moments come in as inputs and
 * go out as outputs; `clip_norm` = +Infinity turns clipping off. Emits `grad_norm`.
 */
export function emitAdamW(g: OnnxGraphBuilder, weights: Array<{ name: string; dims: number[] }>, grads: Map<string, string>): void {
  const s = Object.fromEntries(STEP_INPUTS.map((n) => [n, g.input(n, 'float32', [])])) as Record<(typeof STEP_INPUTS)[number], string>;
  const squares = weights.map((w) => g.op('ReduceSum', [g.op('Mul', [grads.get(w.name)!, grads.get(w.name)!])], { keepdims: 0 }));
  const norm = g.op('Sqrt', [squares.length > 1 ? g.op('Sum', squares) : squares[0]!], {}, 'grad_norm');
  g.output(norm, 'float32', []);
  const scale = g.op('Min', [g.scalar(1), g.op('Div', [s.clip_norm, g.op('Add', [norm, g.scalar(1e-6)])])]);
  const oneMinusB1 = g.op('Sub', [g.scalar(1), s.beta1]);
  const oneMinusB2 = g.op('Sub', [g.scalar(1), s.beta2]);
  const decayFactor = g.op('Sub', [g.scalar(1), g.op('Mul', [s.lr, s.weight_decay])]);
  for (const w of weights) {
    const grad = g.op('Mul', [grads.get(w.name)!, scale]);
    const m = g.input(momentName(w.name, 1), 'float32', w.dims);
    const v = g.input(momentName(w.name, 2), 'float32', w.dims);
    const m2 = g.op('Add', [g.op('Mul', [m, s.beta1]), g.op('Mul', [grad, oneMinusB1])], {}, nextName(momentName(w.name, 1)));
    const v2 = g.op('Add', [g.op('Mul', [v, s.beta2]), g.op('Mul', [g.op('Mul', [grad, grad]), oneMinusB2])], {}, nextName(momentName(w.name, 2)));
    // biases and norm gains (rank 1) are not decayed, as in the tfjs engine
    const decayed = w.dims.length >= 2 ? g.op('Mul', [w.name, decayFactor]) : w.name;
    const mHat = g.op('Div', [m2, s.bias_correction1]);
    const vHat = g.op('Div', [v2, s.bias_correction2]);
    const update = g.op('Div', [mHat, g.op('Add', [g.op('Sqrt', [vHat]), s.epsilon])]);
    g.op('Sub', [decayed, g.op('Mul', [update, s.lr])], {}, nextName(w.name));
    for (const out of [nextName(w.name), nextName(momentName(w.name, 1)), nextName(momentName(w.name, 2))]) g.output(out, 'float32', w.dims);
  }
}
