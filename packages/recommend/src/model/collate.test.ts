// Batches: left padding, next-item targets, and negatives that are deterministic in the step seed.
import { describe, expect, it } from 'vitest';
import { collateSequences, type CollateConfig } from './collate.js';

const seqs = [{ items: Int32Array.of(3, 1, 4) }, { items: Int32Array.of(5, 9, 2, 6, 5, 3) }, { items: Int32Array.of(7) }];
const context = (seed: number) => ({ training: true, epoch: 0, seed });

describe('collateSequences', () => {
  it('left-pads the newest maxLength inputs and pairs each with its next item', () => {
    const cfg: CollateConfig = { maxLength: 4, numItems: 9, loss: 'softmax', negatives: 3 };
    const b = collateSequences(seqs, cfg, context(1));
    expect(Array.from(b['ids']!.data)).toEqual([0, 0, 3, 1, 9, 2, 6, 5, 0, 0, 0, 0]); // the long one keeps its newest 4 inputs
    expect(b['ids']!.shape).toEqual([3, 4]);
    expect(Array.from(b['positions']!.data)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(Array.from(b['targets']!.data)).toEqual([1, 4, 2, 6, 5, 3]);
  });

  it('points a full-catalogue softmax at each target\'s entry of the flattened [P, N] logits', () => {
    const cfg: CollateConfig = { maxLength: 4, numItems: 9, loss: 'softmax', negatives: 'all' };
    const b = collateSequences(seqs, cfg, context(1));
    expect(Array.from(b['negatives']!.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // targets 1, 4, 2, 6, 5, 3 at rows 0..5 of the logits: row·9 + (target − 1)
    expect(Array.from(b['target_index']!.data)).toEqual([0, 12, 19, 32, 40, 47]);
    expect(b['negative_logq']).toBeUndefined();
  });

  it('draws bce negatives per position outside the user\'s items, the same for the same seed', () => {
    const cfg: CollateConfig = { maxLength: 8, numItems: 9, loss: 'bce', negatives: 'all' };
    const a = collateSequences(seqs, cfg, context(7));
    const again = collateSequences(seqs, cfg, context(7));
    const other = collateSequences(seqs, cfg, context(8));
    const neg = Array.from(a['negatives']!.data);
    expect(neg).toHaveLength(a['targets']!.data.length);
    expect(neg.slice(0, 2).every((n) => ![3, 1, 4].includes(n))).toBe(true);
    expect(neg.slice(2).every((n) => ![5, 9, 2, 6, 3].includes(n))).toBe(true);
    expect(Array.from(again['negatives']!.data)).toEqual(neg);
    expect(Array.from(other['negatives']!.data)).not.toEqual(neg);
  });

  it('shares distinct softmax negatives across the batch, or the whole catalogue with `all`', () => {
    const sampled = collateSequences(seqs, { maxLength: 8, numItems: 9, loss: 'softmax', negatives: 5 }, context(3));
    const ids = Array.from(sampled['negatives']!.data);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ids.every((n) => n >= 1 && n <= 9)).toBe(true);
    const all = collateSequences(seqs, { maxLength: 8, numItems: 9, loss: 'softmax', negatives: 'all' }, context(3));
    expect(Array.from(all['negatives']!.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps a batch of one-item users finite and rejects indices outside the catalogue', () => {
    const b = collateSequences([{ items: Int32Array.of(4) }], { maxLength: 3, numItems: 9, loss: 'softmax', negatives: 2 }, context(1));
    expect(Array.from(b['targets']!.data)).toEqual([0]);
    expect(() => collateSequences([{ items: Int32Array.of(10) }], { maxLength: 3, numItems: 9, loss: 'softmax', negatives: 2 }, context(1))).toThrow(
      /item index 10; expected 1..9/,
    );
  });

  it('draws popularity negatives with replacement and gives the log(S·q) of targets and negatives', () => {
    const popularity = Float32Array.of(0, 99, 0, 0, 0, 0, 0, 0, 0, 0); // item 1: 100 of 108 units (counts + 1)
    const cfg: CollateConfig = { maxLength: 8, numItems: 9, loss: 'softmax', negatives: 50, sampling: 'popularity', popularity };
    const b = collateSequences(seqs, cfg, context(4));
    const ids = Array.from(b['negatives']!.data);
    expect(ids).toHaveLength(50);
    expect(ids.filter((n) => n === 1).length).toBeGreaterThan(40);
    expect(b['negative_logq']!.data[ids.indexOf(1)]).toBeCloseTo(Math.log((50 * 100) / 108), 5);
    const targets = Array.from(b['targets']!.data);
    expect(b['target_logq']!.data[targets.indexOf(4)]).toBeCloseTo(Math.log(50 / 108), 5);
    expect(Array.from(collateSequences(seqs, cfg, context(4))['negatives']!.data)).toEqual(ids);
  });
});
