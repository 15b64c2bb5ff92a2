// Serving options on a small trained model: exclusions, candidates, popularity for an empty history,
// unknown ids counted (not an error), k bounds, and clear errors for unusable logs and requests.
import { ConfigError, InputError } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleLog } from './test-support/synthetic.js';
import { Recommender } from './index.js';

const runtime = createNodeRuntime({ devices: ['cpu'], onFallback: () => {} });
let rec: Recommender;

beforeAll(async () => {
  // popularity is skewed on purpose: extra users who only touched i0, i1 or i2 (i0 most)
  const extra = [...Array(30).fill('i0'), ...Array(20).fill('i1'), ...Array(10).fill('i2')].map((item, u) => ({ user: `p${u}`, item, timestamp: 1 }));
  const log = [...cycleLog(40, 12, 6, 2), ...extra];
  rec = await Recommender.train(log, { runtime, epochs: 2, batchSize: 16, seed: 1, config: { maxLength: 6, dModel: 16, numLayers: 1, ffnDim: 16 } });
});
afterAll(async () => rec.release());

describe('Recommender.recommend', () => {
  it('returns k scored items, best first, without the history by default', async () => {
    const r = await rec.recommend(['i3', 'i4', 'i5'], { k: 5 });
    expect(r.items).toHaveLength(5);
    expect(r.items.map((x) => x.item)).not.toContain('i4');
    for (let j = 1; j < 5; j++) expect(r.items[j - 1]!.score).toBeGreaterThanOrEqual(r.items[j]!.score);
    expect(r.unknownItems).toBe(0);
    expect(r.popularityFallback).toBe(false);
  });

  it('allows history items with exclude: false and drops extra ids with an exclude list', async () => {
    const all = await rec.recommend(['i3', 'i4'], { k: 12, exclude: false });
    expect(all.items).toHaveLength(12);
    expect(all.items.map((x) => x.item)).toContain('i4');
    const fewer = await rec.recommend(['i3', 'i4'], { k: 12, exclude: ['i7', 'unknown-sku'] });
    expect(fewer.items.map((x) => x.item).sort()).toEqual(['i0', 'i1', 'i10', 'i11', 'i2', 'i5', 'i6', 'i8', 'i9']);
  });

  it('ranks only the candidates (unknown candidates ignored) and returns fewer than k when fewer are allowed', async () => {
    const r = await rec.recommend(['i3'], { k: 5, candidates: ['i9', 'i2', 'nope', 'i3'] });
    expect(r.items.map((x) => x.item).sort()).toEqual(['i2', 'i9']);
  });

  it('ranks an empty history (or one of unknown ids only) by popularity, counting unknown ids', async () => {
    const { items, popularity } = rec.state;
    const byPopularity = items.map((item, i) => ({ item, count: popularity[i]! })).sort((a, b) => b.count - a.count);
    expect(byPopularity[0]!.count).toBeGreaterThan(byPopularity[3]!.count); // the log is skewed: the order means something
    const empty = await rec.recommend([], { k: 3 });
    expect(empty.popularityFallback).toBe(true);
    expect(empty.items.map((x) => x.score)).toEqual(byPopularity.slice(0, 3).map((x) => x.count));
    expect(empty.items.map((x) => x.item)).toEqual(byPopularity.slice(0, 3).map((x) => x.item));
    const unknown = await rec.recommend(['x', 'y'], { k: 3 });
    expect(unknown.unknownItems).toBe(2);
    expect(unknown.items).toEqual(empty.items);
    const mixed = await rec.recommend(['x', 'i3', 42], { k: 3 });
    expect(mixed.unknownItems).toBe(2);
    expect(mixed.popularityFallback).toBe(false);
  });

  it('batches many histories with the same answers as one at a time', async () => {
    const histories = [['i1', 'i2'], [], ['i9', 'i10', 'i11'], ['zzz']];
    const many = await rec.recommendMany(histories, { k: 4 });
    for (const [i, h] of histories.entries()) {
      const one = await rec.recommend(h, { k: 4 });
      expect(many[i]!.items.map((x) => x.item)).toEqual(one.items.map((x) => x.item));
      many[i]!.items.forEach((x, j) => expect(Math.abs(x.score - one.items[j]!.score)).toBeLessThan(1e-4));
    }
  });

  it('caps k at the catalogue and rejects a bad k or history', async () => {
    expect((await rec.recommend([], { k: 500, exclude: false })).items).toHaveLength(12);
    await expect(rec.recommend(['i1'], { k: 0 })).rejects.toThrow(/k must be a positive integer/);
    await expect(rec.recommend('i1' as never)).rejects.toThrow(InputError);
  });

  it('refuses values that are not item ids (null, NaN, objects, "") instead of counting them as unknown ids', async () => {
    // String(null) is "null" and String({}) "[object Object]": matched by string form, they could even hit a real item.
    await expect(rec.recommend(['i1', null as never])).rejects.toThrow('History item 1 is null; item ids are non-empty strings or finite numbers.');
    await expect(rec.recommend([Number.NaN])).rejects.toThrow('History item 0 is NaN');
    await expect(rec.recommend([{} as never])).rejects.toThrow('History item 0 is {}');
    await expect(rec.recommend([''])).rejects.toThrow(InputError);
    await expect(rec.recommend(['i1'], { candidates: ['i2', null as never] })).rejects.toThrow('candidates[1] is null');
    await expect(rec.recommend(['i1'], { exclude: [undefined as never] })).rejects.toThrow('exclude[0] is undefined');
  });
});

describe('Recommender.train input checks', () => {
  it('rejects an empty log and a log whose users have one interaction each', async () => {
    await expect(Recommender.train([], { runtime, epochs: 1 })).rejects.toThrow(/empty/);
    const singles = [{ user: 1, item: 'a', timestamp: 1 }, { user: 2, item: 'b', timestamp: 2 }];
    await expect(Recommender.train(singles, { runtime, epochs: 1 })).rejects.toThrow(/fewer than 2 training interactions/);
  });

  it('keeps a one-interaction user for training context and leaves it out of evaluation', async () => {
    const log = [...cycleLog(20, 8, 5, 4), { user: 'once', item: 'rare', timestamp: 5 }];
    const small = await Recommender.train(log, { runtime, epochs: 1, batchSize: 8, config: { maxLength: 5, dModel: 8, numLayers: 1, ffnDim: 8 } });
    expect(small.items).toContain('rare');
    const result = await small.evaluate();
    expect(result.users).toBe(20);
    expect(small.testCases.map((c) => c.user)).not.toContain('once');
    await small.release();
  });

  it('refuses bad settings and a missing runtime before any work (maxLength 0 used to loop until memory ran out)', async () => {
    const log = cycleLog(10, 6, 4, 1);
    await expect(Recommender.train(log, { runtime, epochs: 1, config: { maxLength: 0 } })).rejects.toThrow('Invalid maxLength: got 0; expected an integer in [1, 4096].');
    await expect(Recommender.train(log, { runtime, epochs: 1, config: { maxLength: Number.NaN } })).rejects.toThrow('Invalid maxLength');
    await expect(Recommender.train(log, null as never)).rejects.toThrow('Invalid runtime: got undefined; expected a Runtime');
    await expect(Recommender.train(log, { epochs: 1 } as never)).rejects.toThrow(ConfigError);
  });

  it('rejects a non-numeric timestamp with its position', async () => {
    const log = [{ user: 1, item: 'a', timestamp: 1 }, { user: 1, item: 'b', timestamp: 'soon' }];
    await expect(Recommender.train(log, { runtime, epochs: 1 })).rejects.toThrow(/Interaction 1 has timestamp "soon"/);
  });
});
