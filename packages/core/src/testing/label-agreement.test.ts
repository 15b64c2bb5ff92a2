import { describe, expect, it } from 'vitest';
import { labelAgreement } from './label-agreement.js';

describe('labelAgreement', () => {
  it('counts a flipped label away from a tie as a disagreement, and a flip at a near tie as a near tie', () => {
    const reference = [0.9, 0.1, /* near tie */ 0.50004, 0.5, 0.2, 0.8];
    const other = [0.1, 0.9, /* flipped at the tie */ 0.5, 0.50004, 0.2, 0.8];
    expect(labelAgreement(reference, other, 2)).toEqual({ disagreements: 1, nearTies: 1, rows: 3 });
  });

  it('finds the best of many classes and treats one class as never tied', () => {
    expect(labelAgreement([1, 5, 3, 2, 0, 9], [1, 4, 3, 2, 0, 9], 3)).toEqual({ disagreements: 0, nearTies: 0, rows: 2 });
    expect(labelAgreement([1, 2], [3, 4], 1)).toEqual({ disagreements: 0, nearTies: 0, rows: 2 });
  });

  it('refuses scores that do not make whole rows', () => {
    expect(() => labelAgreement([1, 2, 3], [1, 2, 3], 2)).toThrow(/rows of 2/);
    expect(() => labelAgreement([1, 2], [1, 2, 3, 4], 2)).toThrow(/do not make rows/);
  });
});
