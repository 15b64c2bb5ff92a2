import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOMMENDER_CONFIG, sequentialRecommenderPlugin } from '../plugin/plugin.js';
import { historyWindows } from './windows.js';

/** What the collate trains on: the last maxLength + 1 items, each after the first predicted. */
const targetsOf = (items: readonly (string | number)[], maxLength: number) => items.slice(Math.max(0, items.length - 1 - maxLength)).slice(1);

describe('historyWindows', () => {
  it('keeps a history that fits as the single example, counted in popularity', () => {
    expect(historyWindows(['a', 'b', 'c'], 2)).toEqual([{ items: ['a', 'b', 'c'] }]);
  });

  it('splits a long history into stretches that predict every item after the first exactly once', () => {
    for (let length = 1; length <= 30; length++) {
      for (let maxLength = 1; maxLength <= 6; maxLength++) {
        const items = Array.from({ length }, (_, i) => i);
        const windows = historyWindows(items, maxLength);
        const predicted = windows.flatMap((w) => targetsOf(w.items, maxLength)).sort((a, b) => Number(a) - Number(b));
        expect(predicted).toEqual(items.slice(1));
        for (const w of windows.slice(1)) {
          expect(w.countedElsewhere).toBe(true);
          expect(w.items.length).toBeLessThanOrEqual(maxLength + 1);
          expect(w.items.length).toBeGreaterThanOrEqual(2);
        }
        expect(windows[0]).toEqual({ items });
      }
    }
  });

  it('gives the stretches of a 10-item history under maxLength 3, newest first', () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(historyWindows(items, 3).map((w) => w.items)).toEqual([items, [3, 4, 5, 6], [0, 1, 2, 3]]);
  });

  it('counts every interaction once in the popularity table', () => {
    const items = Array.from({ length: 12 }, (_, i) => `m${i % 5}`);
    const state = sequentialRecommenderPlugin.prepare!(historyWindows(items, 3), DEFAULT_RECOMMENDER_CONFIG);
    expect(state.popularity.reduce((a, b) => a + b, 0)).toBe(12);
    expect(state.popularity[state.items.indexOf('m0')]).toBe(3); // m0 at 0, 5, 10
  });
});
