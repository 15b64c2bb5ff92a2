import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../errors/input-error.js';

/**
 * Masks are "keep" tensors: 1 where a query may attend to a key, 0 where it may not, shaped to
 * broadcast against attention scores [B, H, Tq, Tk]. Keeping them multiplicative (rather than -inf
 * additive) is what lets a fully masked query produce zeros instead of NaN.
 */
export interface MaskOptions {
  /** [B, Tk]: 1 (or true) for a real token, 0 for padding. */
  keyPadding?: tf.Tensor;
  /** Each query sees only keys at or before its own position. */
  causal?: boolean;
}

/** Builds the keep mask [B|1, 1, Tq, Tk], or undefined when nothing is masked. */
export function buildKeepMask(
  batch: number,
  queryLength: number,
  keyLength: number,
  { keyPadding, causal }: MaskOptions,
): tf.Tensor | undefined {
  if (!keyPadding && !causal) return undefined;
  return tf.tidy(() => {
    let keep: tf.Tensor | undefined;
    if (keyPadding) {
      if (keyPadding.rank !== 2 || keyPadding.shape[0] !== batch || keyPadding.shape[1] !== keyLength) {
        throw new InputError(
          `keyPadding has shape [${keyPadding.shape.join(', ')}]; expected [batch, keyLength] = [${batch}, ${keyLength}] with 1 for tokens and 0 for padding.`,
        );
      }
      keep = tf.reshape(tf.cast(keyPadding, 'float32'), [batch, 1, 1, keyLength]);
    }
    if (causal) {
      const tri = tf.reshape(causalMask(queryLength, keyLength), [1, 1, queryLength, keyLength]);
      keep = keep ? tf.mul(keep, tri) : tri;
    }
    return keep!;
  });
}

/** [Tq, Tk] lower-triangular ones, aligned to the end when Tk > Tq (cached keys come first). */
export function causalMask(queryLength: number, keyLength: number): tf.Tensor2D {
  const values = new Float32Array(queryLength * keyLength);
  const offset = keyLength - queryLength;
  for (let i = 0; i < queryLength; i++) {
    for (let j = 0; j <= Math.min(keyLength - 1, i + offset); j++) values[i * keyLength + j] = 1;
  }
  return tf.tensor2d(values, [queryLength, keyLength]);
}
