import * as tf from '@tensorflow/tfjs-core';
import { setupTfjs } from '@attune/node';
await setupTfjs({ backend: 'wasm', threads: Number(process.env.T ?? 1), log: false });
const B = 32, T = 64, D = 128, H = 4, dk = 32;
function time(name, f, n = 10) {
  for (let i = 0; i < 2; i++) tf.tidy(() => { const r = f(); (Array.isArray(r) ? r[0] : r).dataSync(); });
  const ts = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); tf.tidy(() => { const r = f(); (Array.isArray(r) ? r[0] : r).dataSync(); }); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b); console.log(name.padEnd(40), ts[Math.floor(n / 2)].toFixed(2), 'ms');
}
const q4 = tf.randomNormal([B, H, T, dk]), k4 = tf.randomNormal([B, H, T, dk]), p4 = tf.randomNormal([B, H, T, T]);
const q = tf.randomNormal([B * T, D]);
time('batched QK^T (flag)', () => tf.matMul(q4, k4, false, true));
time('batched PV', () => tf.matMul(p4, k4));
const kbd = tf.randomNormal([B, D, H * T]);
const qb = tf.randomNormal([B, T, D]);
time('loop 32x [64,128]x[128,256] pre-sliced', () => { const qs = tf.unstack(qb), ks = tf.unstack(kbd); return tf.stack(qs.map((x, i) => tf.matMul(x, ks[i]))); });
const qs = tf.unstack(qb), ks = tf.unstack(kbd);
time('loop 32 matmuls only', () => { const o = qs.map((x, i) => tf.matMul(x, ks[i])); return tf.concat(o); });
time('loop 32 matmuls with slice', () => { const o = []; for (let b = 0; b < B; b++) o.push(tf.matMul(tf.reshape(tf.slice(qb, [b,0,0],[1,T,D]), [T,D]), tf.reshape(tf.slice(kbd,[b,0,0],[1,D,H*T]),[D,H*T]))); return tf.concat(o); });
// depthwise conv as batched matmul: A[c] [M,K] x B[c] [K,N]; input [1,M,K,C], filter [1,K,C,N]
const C = B * H;
const inp = tf.randomNormal([1, T, dk, C]), filt = tf.randomNormal([1, dk, C, T]);
time('depthwise QK^T', () => tf.depthwiseConv2d(inp, filt, 1, 'valid'));
const inp2 = tf.randomNormal([1, T, T, C]), filt2 = tf.randomNormal([1, T, C, dk]);
time('depthwise PV', () => tf.depthwiseConv2d(inp2, filt2, 1, 'valid'));
time('transpose [B,H,T,T]->[T,T,BH]', () => tf.transpose(p4, [2, 3, 0, 1]));
time('transpose [B,T,H,dk]->[B,H,T,dk]', () => tf.transpose(q4, [0, 2, 1, 3]));
time('softmax [B,H,T,T]', () => tf.softmax(p4));
time('mul [B,H,T,T]', () => tf.mul(p4, p4));
time('full 2D [2048,128]x[128,256]', () => tf.matMul(q, tf.randomNormal([128,256])));
