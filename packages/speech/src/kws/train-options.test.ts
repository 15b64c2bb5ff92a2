// KeywordSpotter.train refuses unusable options before it trains (no training runs here).
import { ConfigError } from '@attune/core';
import { createNodeRuntime } from '@attune/node';
import { describe, expect, it } from 'vitest';
import { tone } from '../test-support/random.js';
import { KeywordSpotter } from './spotter.js';

const runtime = createNodeRuntime({ devices: ['cpu'], onFallback: () => {} });
const clips = ['yes', 'no'].flatMap((label, k) => Array.from({ length: 4 }, () => ({ audio: tone(300 + 200 * k, 8000, 0.5), sampleRate: 8000, label })));

describe('KeywordSpotter.train option checks', () => {
  it('refuses an exemplarsPerLabel that is not a positive integer (a NaN kept no exemplars, so enrol failed later)', async () => {
    for (const exemplarsPerLabel of [Number.NaN, -1, 0, 2.5]) {
      await expect(KeywordSpotter.train(runtime, clips, { epochs: 1, exemplarsPerLabel })).rejects.toThrow(`Invalid exemplarsPerLabel: got ${exemplarsPerLabel}; expected a positive integer`);
    }
  });

  it('a missing runtime or null options is a ConfigError, not a TypeError from inside', async () => {
    await expect(KeywordSpotter.train(undefined as never, clips, { epochs: 1 })).rejects.toThrow(ConfigError);
    await expect(KeywordSpotter.train(undefined as never, clips, null as never)).rejects.toThrow('Invalid runtime: got undefined; expected a Runtime');
  });
});
