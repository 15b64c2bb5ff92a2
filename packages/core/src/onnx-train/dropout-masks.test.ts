import { describe, expect, it } from 'vitest';
import { bindDims, fillDropoutMask, resolveDims } from './dropout-masks.js';

describe('dropout masks fed to training graphs', () => {
  it('drop about `rate` of the entries, scale the rest by 1/(1 − rate), and replay from the seed', () => {
    const a = new Float32Array(100_001);
    fillDropoutMask(a, 0.1, 42);
    const dropped = a.filter((v) => v === 0).length / a.length;
    expect(dropped).toBeGreaterThan(0.095);
    expect(dropped).toBeLessThan(0.105);
    expect(a.every((v) => v === 0 || Math.abs(v - 1 / 0.9) < 1e-6)).toBe(true);
    const b = new Float32Array(100_001);
    fillDropoutMask(b, 0.1, 42);
    expect(b).toEqual(a);
    fillDropoutMask(b, 0.1, 43);
    expect(b).not.toEqual(a);
  });
  it('bind named dims from the batch and say which input is missing', () => {
    const inputs = [{ name: 'ids', dims: ['batch', 'sequence'] as Array<string | number> }];
    const bound = bindDims(inputs, { ids: { data: new Int32Array(6), shape: [2, 3] } });
    expect(resolveDims(['batch', 4, 'sequence', 'sequence'], bound)).toEqual([2, 4, 3, 3]);
    expect(() => bindDims(inputs, {})).toThrow('The batch has no "ids"');
    expect(() => resolveDims(['heads'], bound)).toThrow('No batch input defines the dimension "heads"; declare it in an input');
  });
  it('use dims a model fixed itself (an image model\'s patch count as `sequence`) and refuse a batch that disagrees', () => {
    const inputs = [{ name: 'pixels', dims: ['batch', 784] as Array<string | number> }];
    const bound = bindDims(inputs, { pixels: { data: new Float32Array(2 * 784), shape: [2, 784] } }, { sequence: 16 });
    expect(resolveDims(['batch', 'sequence', 32], bound)).toEqual([2, 16, 32]);
    const tokens = [{ name: 'ids', dims: ['batch', 'sequence'] as Array<string | number> }];
    expect(() => bindDims(tokens, { ids: { data: new Int32Array(6), shape: [2, 3] } }, { sequence: 16 })).toThrow(
      'Batch input "ids" has sequence = 3, but the model fixes sequence at 16.',
    );
  });
});
