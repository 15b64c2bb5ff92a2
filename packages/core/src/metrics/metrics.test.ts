import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, macroF1 } from './classification.js';
import { hitRateAtK, meanReciprocalRank, ndcgAtK, rankOf } from './ranking.js';

describe('classification metrics (hand-computed)', () => {
  const yTrue = [0, 0, 1, 1, 2, 2];
  const yPred = [0, 1, 1, 1, 2, 0];
  it('accuracy', () => expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6));
  it('confusion matrix', () => expect(confusionMatrix(yTrue, yPred)).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 1]]));
  it('macro-F1', () => {
    // class 0: P 1/2 R 1/2 F1 1/2; class 1: P 2/3 R 1 F1 0.8; class 2: P 1 R 1/2 F1 2/3
    expect(macroF1(yTrue, yPred)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 10);
  });
  it('a class predicted but never true counts as F1 0', () => {
    expect(macroF1([0, 0], [0, 1])).toBeCloseTo((2 / 3 + 0) / 2, 10);
  });
  it('rejects arrays of different lengths and empty input', () => {
    expect(() => accuracy([1, 2], [1])).toThrow('yTrue has 2 labels but yPred has 1');
    expect(() => macroF1([], [])).toThrow('at least one example');
    expect(() => confusionMatrix([0, -1], [0, 0])).toThrow('outside');
  });
});

describe('ranking metrics (hand-computed)', () => {
  const ranks = [1, 3, 11, 2];
  it('HR@10', () => expect(hitRateAtK(ranks, 10)).toBeCloseTo(0.75));
  it('NDCG@10', () => expect(ndcgAtK(ranks, 10)).toBeCloseTo((1 + 1 / 2 + 0 + 1 / Math.log2(3)) / 4, 10));
  it('MRR', () => {
    expect(meanReciprocalRank(ranks)).toBeCloseTo((1 + 1 / 3 + 1 / 11 + 1 / 2) / 4, 10);
    expect(meanReciprocalRank(ranks, 10)).toBeCloseTo((1 + 1 / 3 + 1 / 2) / 4, 10);
  });
  it('rankOf counts ties against the target and skips excluded items', () => {
    expect(rankOf([0.5, 0.9, 0.5, 0.1], 0)).toBe(3);
    expect(rankOf([0.5, 0.9, 0.5, 0.1], 0, [false, true, false, false])).toBe(2);
  });
  it('rejects ranks that are not 1-based integers', () => {
    expect(() => hitRateAtK([0], 10)).toThrow('Rank 0 at index 0');
    expect(() => ndcgAtK([1], 0)).toThrow('Invalid k: got 0');
  });
});
