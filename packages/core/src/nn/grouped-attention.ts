import * as tf from '@tensorflow/tfjs-core';

/*
 * Multi-head attention for tfjs-wasm, where a batched matmul ([B·H, T, T]·[B·H, T, dk]) runs on a
 * naive C++ loop (~2 GFLOP/s; only unbatched, untransposed 2-D matmuls reach XNNPACK). A batched
 * matmul is a depthwise convolution in disguise, and tfjs-wasm runs depthwise convolutions on
 * XNNPACK's grouped GEMM: with the groups c = (b, h) as channels, the contraction index as the
 * filter width and the output index as the channel multiplier,
 *
 *   out[m, c, n] = Σ_k a[m, k, c] · b[k, c, n]     (input [1, M, K, C], filter [1, K, C, N])
 *
 * is one depthwiseConv2d: no wasted FLOPs, no JS loop. Measured on the reference shapes
 * (B·H = 128, T = 64, dk = 32, 1 thread): 16-17 ms as a batched matmul, 3-5 ms as a convolution.
 * The convolution fixes where the group axis sits (innermost in `a`, middle in `b` and the output),
 * so each product below picks the orientation (out or outᵀ) that needs no transpose of the large
 * [T, C, T] score tensors where it can; only two remain (one forward, one backward).
 * tfjs-wasm has no depthwise-convolution gradient kernels, hence the analytic backward pass.
 */

/** Large enough that exp(score - 1e9) is exactly 0 in float32 (as in scaledDotProductAttention). */
const MASKED = -1e9;

/** a: [M, K, C], b: [K, C, N] -> [M, C, N], out[m, c, n] = Σ_k a[m, k, c]·b[k, c, n]. */
export function groupedMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  const [m, k, c] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const filter = tf.reshape(b, [1, k, c, n]) as tf.Tensor4D; // [1, K, C, N]
  const out = tf.depthwiseConv2d(tf.reshape(a, [1, m, k, c]) as tf.Tensor4D, filter, 1, 'valid'); // [1, M, 1, C·N]
  return tf.reshape(out, [m, c, n]);
}

export interface GroupedAttentionMasks {
  /** Multiplicative keep mask in the scores' layout, broadcastable to [Tq, B, H, Tk]. */
  keep?: tf.Tensor;
  /** Inverted-dropout multiplier for the attention weights, [Tq, B, H, Tk]. */
  dropout?: tf.Tensor;
}

/**
 * softmax(Q·Kᵀ/√dk + mask)·V for every batch element and head, heads concatenated.
 * q: [B, Tq, H, dk], k and v: [B, Tk, H, dk] (the projections, reshaped; no head transposes)
 * -> [B, Tq, H·dk]. Same function as scaledDotProductAttention on split heads: masked keys get
 * weight exactly 0 and a fully masked query row gives zeros.
 */
export function groupedAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, masks: GroupedAttentionMasks = {}): tf.Tensor {
  const [batch, tq, heads, dh] = q.shape as [number, number, number, number];
  const tk = k.shape[1]!;
  const c = batch * heads; // groups, c = b·H + h
  const scale = 1 / Math.sqrt(dh);
  const { keep, dropout } = masks;

  const attend = tf.customGrad(((q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, save: tf.GradSaveFunc) => {
    const qs = tf.mul(q, scale); // [B, Tq, H, dk]; scaling Q is cheaper than scaling the scores
    // S[i, c, j] = Σ_d Qs[i, d, c]·K[d, c, j]
    const qA = tf.reshape(tf.transpose(qs, [1, 3, 0, 2]), [tq, dh, c]); // [Tq, dk, C]
    const kB = tf.reshape(tf.transpose(k, [3, 0, 2, 1]), [dh, c, tk]); // [dk, C, Tk]
    let scores = tf.reshape(groupedMatMul(qA, kB), [tq, batch, heads, tk]); // [Tq, B, H, Tk]
    if (keep) scores = tf.add(scores, tf.mul(tf.sub(1, keep), MASKED));
    const soft = tf.softmax(scores); // over Tk
    let probs = keep ? tf.mul(soft, keep) : soft; // zero rows stay zero: no NaN
    if (dropout) probs = tf.mul(probs, dropout);
    // O[i, c, d] = Σ_j P[i, j, c]·V[j, c, d]: the one forward transpose of a score-sized tensor
    const pA = tf.transpose(tf.reshape(probs, [tq, c, tk]), [0, 2, 1]); // [Tq, Tk, C]
    const vB = tf.reshape(tf.transpose(v, [1, 0, 2, 3]), [tk, c, dh]); // [Tk, C, dk]
    const out = tf.reshape(groupedMatMul(pA, vB), [tq, batch, heads * dh]); // [Tq, B, D]
    save([qs, k, v, soft, probs, ...(keep ? [keep] : []), ...(dropout ? [dropout] : [])]); // masks too: the caller's tidy disposes them
    return {
      value: tf.transpose(out, [1, 0, 2]), // [B, Tq, D]
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [qs, k, v, soft, probs, ...rest] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, ...tf.Tensor[]];
        const keepS = keep ? rest.shift() : undefined;
        const dropoutS = dropout ? rest.shift() : undefined;
        const dO = tf.reshape(tf.transpose(dy, [1, 0, 2]), [tq, c, dh]); // [Tq, C, dk]
        // dP[i, c, j] = Σ_d dO[i, d, c]·V[d, c, j]
        const vT = tf.reshape(tf.transpose(v, [3, 0, 2, 1]), [dh, c, tk]); // [dk, C, Tk]
        let dP = tf.reshape(groupedMatMul(tf.transpose(dO, [0, 2, 1]), vT), [tq, batch, heads, tk]); // [Tq, B, H, Tk]
        // dVᵀ[d, c, j] = Σ_i dO[d, i, c]·P[i, c, j]: transposed output, so P is used as stored
        const dVt = groupedMatMul(tf.transpose(dO, [2, 0, 1]), tf.reshape(probs, [tq, c, tk])); // [dk, C, Tk]
        const gradV = tf.transpose(tf.reshape(dVt, [dh, batch, heads, tk]), [1, 3, 2, 0]); // [B, Tk, H, dk]
        if (dropoutS) dP = tf.mul(dP, dropoutS);
        if (keepS) dP = tf.mul(dP, keepS);
        // softmax backward over Tk: dS = soft·(dP - Σ_j dP·soft)
        const dS = tf.reshape(tf.mul(soft, tf.sub(dP, tf.sum(tf.mul(dP, soft), -1, true))), [tq, c, tk]); // [Tq, C, Tk]
        // dQs[i, c, d] = Σ_j dS[i, j, c]·K[j, c, d]: the one backward transpose of a score-sized tensor
        const kL = tf.reshape(tf.transpose(k, [1, 0, 2, 3]), [tk, c, dh]); // [Tk, C, dk]
        const dQs = tf.reshape(groupedMatMul(tf.transpose(dS, [0, 2, 1]), kL), [tq, batch, heads, dh]); // [Tq, B, H, dk]
        const gradQ = tf.mul(tf.transpose(dQs, [1, 0, 2, 3]), scale); // [B, Tq, H, dk]
        // dKᵀ[d, c, j] = Σ_i Qs[d, i, c]·dS[i, c, j]
        const qT = tf.reshape(tf.transpose(qs, [3, 1, 0, 2]), [dh, tq, c]); // [dk, Tq, C]
        const dKt = tf.reshape(groupedMatMul(qT, dS), [dh, batch, heads, tk]); // [dk, B, H, Tk]
        const gradK = tf.transpose(dKt, [1, 3, 2, 0]); // [B, Tk, H, dk]
        return [gradQ, gradK, gradV];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor;

  return attend(q, k, v);
}
