import { describe, expect, it } from 'vitest';
import { trainingCurveSvg } from './curve-svg.js';

const epoch = (e: number, trainLoss: number, valLoss: number, accuracy: number) => ({ epoch: e, trainLoss, valLoss, metrics: { accuracy }, learningRate: 1e-3, seconds: 1 });

describe('trainingCurveSvg', () => {
  it('draws train and validation loss and metrics as paths, with a legend', () => {
    const svg = trainingCurveSvg([epoch(0, 1.2, 1.0, 0.5), epoch(1, 0.6, 0.7, 0.8), epoch(2, 0.3, 0.5, 0.9)], [[0.5, 1.5], [1, 1.1], [2, 0.4]]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const name of ['batch loss', 'train loss', 'val loss', 'accuracy']) expect(svg).toContain(`<title>${name}</title>`);
    // the train-loss path falls (larger y is lower on screen), accuracy rises
    const path = (name: string) => new RegExp(`<path d="([^"]+)"[^>]*><title>${name}</title>`).exec(svg)![1]!;
    const ys = (d: string) => [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    const train = ys(path('train loss'));
    expect(train[0]! < train[2]!).toBe(true);
    const acc = ys(path('accuracy'));
    expect(acc[0]! > acc[2]!).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('leaves out non-finite values instead of writing NaN coordinates', () => {
    const svg = trainingCurveSvg([epoch(0, Number.NaN, Number.POSITIVE_INFINITY, 0.5), epoch(1, 0.5, 0.4, 0.6)], [[1, Number.NaN]]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg).toContain('<title>train loss</title>');
  });

  it('escapes metric names', () => {
    const svg = trainingCurveSvg([{ epoch: 0, trainLoss: 1, metrics: { 'a<b&"c"': 0.5 }, learningRate: 1, seconds: 1 }]);
    expect(svg).toContain('a&lt;b&amp;&quot;c&quot;');
  });
});
