import { describe, expect, it } from 'vitest';
import { loadMnist } from './mnist.js';

describe('loadMnist', () => {
  it('splits the package’s 10,000 digits the same way every time, without overlap', () => {
    const a = loadMnist();
    expect(a.train.length + a.validation.length + a.test.length).toBe(10_000);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([6995, 1001, 2004]);
    const b = loadMnist();
    expect(b.test.map((e) => e.label)).toEqual(a.test.map((e) => e.label));
    expect(b.test[123]!.pixels).toEqual(a.test[123]!.pixels);
    const key = (p: ArrayLike<number>) => Array.from(p).join(',');
    const train = new Set(a.train.map((e) => key(e.pixels)));
    expect(a.test.filter((e) => train.has(key(e.pixels)))).toHaveLength(0); // no test image is also a training image
  });

  it('gives balanced prefixes with values in [0, 1]', () => {
    const { train, test } = loadMnist({ trainCount: 200, testCount: 50 });
    expect(train).toHaveLength(200);
    expect(test).toHaveLength(50);
    const counts = new Map<string, number>();
    for (const e of train) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect([...counts.values()].every((n) => n === 20)).toBe(true);
    expect(train.every((e) => e.pixels.length === 784 && Array.from(e.pixels).every((v) => v >= 0 && v <= 1))).toBe(true);
  });
});
