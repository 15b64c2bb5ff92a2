// Test helpers for comparing tensors with reference values.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

type Nested = number | Nested[];

export function flat(x: Nested | ArrayLike<number>): number[] {
  if (typeof x === 'number') return [x];
  return Array.from(x as ArrayLike<Nested>).flatMap((v) => flat(v as Nested));
}

/** Asserts every element is within `atol` of the reference, reporting the worst element. */
export function expectClose(actual: tf.Tensor | ArrayLike<number>, expected: Nested | ArrayLike<number>, atol: number): void {
  const a = actual instanceof tf.Tensor ? Array.from(actual.dataSync()) : Array.from(actual);
  const e = flat(expected as Nested);
  expect(a.length).toBe(e.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - e[i]!);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  expect(worst, `max abs diff ${worst} at index ${at} (actual ${a[at]}, expected ${e[at]})`).toBeLessThanOrEqual(atol);
}
