// Ingestion: chronological order with a stated tie-break, ratings threshold, both MovieLens layouts,
// and clear errors for logs that cannot be used.
import { InputError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { parseInteractionsCsv } from './csv.js';
import { buildSequences } from './interactions.js';
import { leaveOneOut } from './split.js';

describe('buildSequences', () => {
  it('orders by timestamp, then item id (numbers numerically), then log position', () => {
    const log = [
      { user: 1, item: 30, timestamp: 5 },
      { user: 1, item: 4, timestamp: 5 },
      { user: 1, item: 100, timestamp: 1 },
      { user: 2, item: 'b', timestamp: '7' },
      { user: 2, item: 'a', timestamp: 7 },
      { user: 1, item: 4, timestamp: 5 }, // repeat at the same second: after the first one
      { user: 2, item: 'c', timestamp: new Date(3) },
    ];
    expect(buildSequences(log)).toEqual([
      { user: 1, items: [100, 4, 4, 30] },
      { user: 2, items: ['c', 'a', 'b'] },
    ]);
    // the same log in any order gives the same sequences, except that equal events keep log order
    expect(buildSequences([...log].reverse()).map((s) => s.items)).toEqual([
      ['c', 'a', 'b'],
      [100, 4, 4, 30],
    ]);
  });

  it('keeps only interactions rated at least minRating', () => {
    const log = [
      { user: 'u', item: 'x', timestamp: 1, rating: 5 },
      { user: 'u', item: 'y', timestamp: 2, rating: 2 },
      { user: 'u', item: 'z', timestamp: 3, rating: 4 },
    ];
    expect(buildSequences(log, { minRating: 4 })[0]!.items).toEqual(['x', 'z']);
    expect(() => buildSequences(log, { minRating: 6 })).toThrow(/lower minRating/);
    expect(() => buildSequences([{ user: 'u', item: 'x', timestamp: 1 }], { minRating: 3 })).toThrow(/no numeric rating/);
  });

  it('rejects an empty log, non-numeric timestamps and missing ids with the position', () => {
    expect(() => buildSequences([])).toThrow(InputError);
    expect(() => buildSequences([])).toThrow(/empty/);
    expect(() => buildSequences([{ user: 1, item: 2, timestamp: 1 }, { user: 1, item: 3, timestamp: 'yesterday' }])).toThrow(
      /Interaction 1 has timestamp "yesterday", which is not a number/,
    );
    expect(() => buildSequences([{ user: 1, item: 2, timestamp: Number.NaN }])).toThrow(InputError);
    expect(() => buildSequences([{ user: '', item: 2, timestamp: 1 }])).toThrow(/Interaction 0 has user ""/);
    expect(() => buildSequences([{ user: 1, timestamp: 1 } as never])).toThrow(/item undefined/);
  });
});

describe('parseInteractionsCsv', () => {
  it('reads ratings.csv (header, commas) and u.data (no header, tabs) with the defaults', () => {
    const csv = 'userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n';
    expect(parseInteractionsCsv(csv)).toEqual([
      { user: 1, item: 31, rating: 2.5, timestamp: 1260759144 },
      { user: 1, item: 1029, rating: 3, timestamp: 1260759179 },
    ]);
    const udata = '196\t242\t3\t881250949\n186\t302\t3\t891717742\n';
    expect(parseInteractionsCsv(udata)).toEqual([
      { user: 196, item: 242, rating: 3, timestamp: 881250949 },
      { user: 186, item: 302, rating: 3, timestamp: 891717742 },
    ]);
  });

  it('takes other column names and keeps non-numeric ids as strings', () => {
    const text = 'ts,visitor,sku\n10,anna,SKU-1\n11,anna,SKU-2\n';
    expect(parseInteractionsCsv(text, { columns: { user: 'visitor', item: 'sku', timestamp: 'ts' } })).toEqual([
      { user: 'anna', item: 'SKU-1', timestamp: 10 },
      { user: 'anna', item: 'SKU-2', timestamp: 11 },
    ]);
  });

  it('reads quoted fields: a comma, a quote and a line break inside them are part of the field', () => {
    const text = 'ts,visitor,title\n10,anna,"Crouching Tiger, Hidden Dragon"\n11,anna,"The ""Best"" Of"\n\n12,"bo\nb",Up\n13,carl,Heat\n';
    expect(parseInteractionsCsv(text, { columns: { user: 'visitor', item: 'title', timestamp: 'ts' } })).toEqual([
      { user: 'anna', item: 'Crouching Tiger, Hidden Dragon', timestamp: 10 },
      { user: 'anna', item: 'The "Best" Of', timestamp: 11 },
      { user: 'bo\nb', item: 'Up', timestamp: 12 },
      { user: 'carl', item: 'Heat', timestamp: 13 },
    ]);
    // line numbers count the blank line and the line break inside the quotes
    expect(() => parseInteractionsCsv(text.replace('13,carl', 'noon,carl'), { columns: { user: 'visitor', item: 'title', timestamp: 'ts' } })).toThrow(
      /Line 7 has timestamp "noon"/,
    );
  });

  it('names the line of a bad timestamp and a missing column', () => {
    expect(() => parseInteractionsCsv('userId,movieId,rating,timestamp\n1,2,3,4\n1,3,4,noon\n')).toThrow(/Line 3 has timestamp "noon"/);
    expect(() => parseInteractionsCsv('user,item\n1,2\n')).toThrow(/no "userId" column/);
    expect(() => parseInteractionsCsv('')).toThrow(/empty/);
  });
});

describe('leaveOneOut', () => {
  it('holds out the last item for test and the one before for validation', () => {
    const split = leaveOneOut([
      { user: 'a', items: [1, 2, 3, 4] },
      { user: 'b', items: [9] }, // one interaction: training context only
      { user: 'c', items: [5, 6] },
    ]);
    expect(split.train).toEqual([
      { user: 'a', items: [1, 2] },
      { user: 'b', items: [9] },
      { user: 'c', items: [5, 6] },
    ]);
    expect(split.validation).toEqual([{ user: 'a', history: [1, 2], target: 3, touched: [1, 2, 3, 4] }]);
    expect(split.test).toEqual([{ user: 'a', history: [1, 2, 3], target: 4, touched: [1, 2, 3, 4] }]);
    expect(split.trainingOnlyUsers).toBe(2);
    expect(split.heldOutItems).toEqual([3, 4]);
  });
});
