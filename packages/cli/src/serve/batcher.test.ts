import { InputError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { MicroBatcher } from './batcher.js';

describe('MicroBatcher', () => {
  it('answers concurrent requests with one call, each getting its own predictions in order', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (xs) => (calls.push(xs), xs.map((x) => x * 10)), { maxBatch: 64, maxDelayMs: 5 });
    const answers = await Promise.all([batcher.submit([1, 2]), batcher.submit([3]), batcher.submit([4, 5, 6])]);
    expect(answers).toEqual([[10, 20], [30], [40, 50, 60]]);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  it('starts a call as soon as maxBatch inputs wait, and never splits a request', async () => {
    const calls: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (xs) => (calls.push(xs), xs), { maxBatch: 4, maxDelayMs: 1000 });
    const started = Date.now();
    await Promise.all([batcher.submit([1, 2, 3]), batcher.submit([4, 5]), batcher.submit([6, 7])]);
    expect(Date.now() - started).toBeLessThan(900); // the second and third requests filled the batch
    expect(calls).toEqual([[1, 2, 3], [4, 5, 6, 7]]);
  });

  it('a bad input fails only its own request', async () => {
    const batcher = new MicroBatcher<number, number>(
      async (xs) => {
        if (xs.includes(-1)) throw new InputError('negative input');
        return xs;
      },
      { maxBatch: 64, maxDelayMs: 5 },
    );
    const results = await Promise.allSettled([batcher.submit([1]), batcher.submit([-1]), batcher.submit([3])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('negative input');
  });

  it('drain() waits for everything submitted', async () => {
    let done = 0;
    const batcher = new MicroBatcher<number, number>(async (xs) => (await new Promise((r) => setTimeout(r, 20)), (done += xs.length), xs), { maxBatch: 2, maxDelayMs: 50 });
    void batcher.submit([1, 2]);
    void batcher.submit([3]);
    await batcher.drain();
    expect(done).toBe(3);
    expect(batcher.pending).toBe(0);
  });
});
