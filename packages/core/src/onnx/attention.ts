import type { MultiHeadAttention } from '../nn/multi-head-attention.js';
import type { EmitContext, OnnxMask } from './emit.js';

/**
 * Multi-head attention as ONNX nodes, the same computation as the tfjs forward pass:
 * heads split the last dimension in order; softmax(Q·Kᵀ/√d_k − 1e9·(1 − keep))·keep·V.
 * x: [B, T, D] -> [B, T, D]; keys and values come from `context` (default x, self-attention), as in
 * the tfjs `MultiHeadAttention.forward`.
 */
export function emitMultiHeadAttention(ctx: EmitContext, mha: MultiHeadAttention, x: string, mask?: OnnxMask, context: string = x): string {
  const { g } = ctx;
  const { numHeads, dModel } = mha.config;
  const dk = dModel / numHeads;
  const headShape = g.constant('int64', [0, 0, numHeads, dk]); // Reshape: 0 copies B and T
  const split = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, headShape])], { perm });
  const q = split(mha.query.emitOnnx(ctx, x), [0, 2, 1, 3]); // [B, H, T, dk]
  const kT = split(mha.key.emitOnnx(ctx, context), [0, 2, 3, 1]); // [B, H, dk, T]
  const v = split(mha.value.emitOnnx(ctx, context), [0, 2, 1, 3]); // [B, H, T, dk]
  let scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.scalar(1 / Math.sqrt(dk))]); // [B, H, T, T]
  if (mask) scores = g.op('Add', [scores, mask.negBias]);
  let probs = g.op('Softmax', [scores], { axis: -1 });
  if (mask) probs = g.op('Mul', [probs, mask.keep]);
  probs = mha.attentionDropout.emitOnnx(ctx, probs, ['batch', numHeads, 'sequence', 'sequence']);
  const heads = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }); // [B, T, H, dk]
  const merged = g.op('Reshape', [heads, g.constant('int64', [0, 0, dModel])]); // [B, T, D]
  return mha.output.emitOnnx(ctx, merged);
}

/**
 * The keep mask and its additive form from token ids: keep = (ids != padId) as [B, 1, 1, T], and
 * with `causal` also multiplied by a lower-triangular [T, T] built at run time (Trilu).
 */
export function emitMask(ctx: EmitContext, ids: string, padId: number, causal = false): OnnxMask {
  const { g } = ctx;
  const tokens = g.op('Cast', [g.op('Not', [g.op('Equal', [ids, g.constant('int32', [padId], [])])])], { to: 1 }); // [B, T]
  let keep = g.op('Unsqueeze', [tokens, g.constant('int64', [1, 2])]); // [B, 1, 1, T]
  if (causal) {
    const t = g.op('Shape', [ids], { start: 1, end: 2 });
    const square = g.op('ConstantOfShape', [g.op('Concat', [t, t], { axis: 0 })], { value: { tensor: { dataType: 1, dims: [1], floatData: [1] } } });
    keep = g.op('Mul', [keep, g.op('Trilu', [square], { upper: 0 })]); // [B, 1, T, T]
  }
  const negBias = g.op('Mul', [g.op('Sub', [g.scalar(1), keep]), g.scalar(-1e9)]);
  return { keep, negBias };
}

/** Token mask as float [B, T] (1 token, 0 padding), for pooling. */
export function emitTokenMask(ctx: EmitContext, ids: string, padId: number): string {
  const { g } = ctx;
  return g.op('Cast', [g.op('Not', [g.op('Equal', [ids, g.constant('int32', [padId], [])])])], { to: 1 });
}
