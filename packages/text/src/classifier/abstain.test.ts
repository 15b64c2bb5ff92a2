import { describe, expect, it } from 'vitest';
import { intentData } from '../test-support/intents.js';
import { decodeLogits } from './decode.js';
import { DEFAULT_TEXT_CONFIG, learnAbstainThreshold, textClassifierPlugin as plugin } from './index.js';

describe('abstaining', () => {
  it('learns the lowest threshold that keeps precision at the target', () => {
    const scored = [
      { score: 0.95, correct: true },
      { score: 0.9, correct: true },
      { score: 0.8, correct: false },
      { score: 0.7, correct: true },
      { score: 0.6, correct: true },
      { score: 0.3, correct: false },
    ];
    // accepting ≥ 0.6 gives 4/5 = 0.8; ≥ 0.3 gives 4/6
    expect(learnAbstainThreshold(scored, 0.8)).toMatchObject({ threshold: 0.6, validationPrecision: 0.8, validationCoverage: 5 / 6 });
    expect(learnAbstainThreshold(scored, 1).threshold).toBe(0.9);
    expect(learnAbstainThreshold(scored, 0.5).threshold).toBe(0.3);
  });

  it('does not split ties, and abstains on everything when even the top is wrong', () => {
    const tied = [{ score: 0.9, correct: true }, { score: 0.9, correct: false }, { score: 0.5, correct: true }];
    expect(learnAbstainThreshold(tied, 0.6).threshold).toBe(0.5); // 2/3 ≥ 0.6; 0.9 alone would be 1/2
    const hopeless = learnAbstainThreshold([{ score: 0.7, correct: false }], 0.9);
    expect(hopeless.threshold).toBeGreaterThan(0.7);
    expect(hopeless.validationCoverage).toBe(0);
    expect(() => learnAbstainThreshold(tied, 0)).toThrow('abstain.targetPrecision');
  });

  it('predicts label null under the threshold, with the scores still there', () => {
    const state = { ...plugin.prepare(intentData(60, 1), DEFAULT_TEXT_CONFIG), abstain: { threshold: 0.6 } };
    const logits = Float32Array.from([3, 0, 0, 0.2, 0.1, 0]); // row 0 confident, row 1 not
    const [sure, unsure] = decodeLogits(logits, state, [false, true]);
    expect(sure!.label).toBe('card');
    expect(sure!.score).toBeGreaterThan(0.6);
    expect(unsure!.label).toBeNull();
    expect(unsure!.truncated).toBe(true);
    expect(Object.values(unsure!.scores).reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(unsure!.score).toBeCloseTo(unsure!.scores['card']!, 6);
  });
});
