import { describe, expect, it } from 'vitest';
import { checkFinitePredictions, NonFiniteOutputError } from './finite.js';

describe('checkFinitePredictions', () => {
  it('passes finite predictions and names the first non-finite number', () => {
    expect(() => checkFinitePredictions([{ label: 'a', score: 0.9, scores: { a: 0.9, b: 0.1 } }, { items: [1, 2] }])).not.toThrow();
    expect(() => checkFinitePredictions([{ score: 1 }, { label: 'b', scores: { a: 0.5, b: Number.NaN } }])).toThrow(
      new NonFiniteOutputError(1, '$.scores.b'),
    );
    expect(() => checkFinitePredictions([{ v: Float32Array.of(1, Infinity) }])).toThrow(/at \$\.v\[1\] for input 0/);
  });
});
