// The event logic of detect() with a scripted scorer: which windows are scored, smoothing, peaks,
// threshold, refractory period, silence and chunking. The model-backed test is spotter.test.ts.
import { describe, expect, it } from 'vitest';
import { detectKeywords, type DetectorCore, type KeywordEvent } from './detect.js';

const RATE = 1000;
/** A scorer that says "a" while a window's loudest sample is 1 and "b" when it is 0.5. */
function scripted(): DetectorCore & { windows: number } {
  const core = {
    windowSeconds: 1,
    labels: ['a', 'b'],
    windows: 0,
    async score(windows: Float32Array[]) {
      core.windows += windows.length;
      return windows.map((w) => {
        const peak = w.reduce((m, v) => Math.max(m, v), 0);
        return peak === 1 ? Float32Array.of(0.95, 0.05) : peak === 0.5 ? Float32Array.of(0.1, 0.9) : Float32Array.of(0.5, 0.5);
      });
    },
  };
  return core;
}

/** `seconds` of silence with a 0.3 s burst of `level` starting at each of `at`. */
function signal(seconds: number, bursts: Array<[number, number]>): Float32Array {
  const x = new Float32Array(seconds * RATE);
  for (const [at, level] of bursts) x.fill(level, at * RATE, (at + 0.3) * RATE);
  return x;
}

function* chunks(x: Float32Array, size: number) {
  for (let i = 0; i < x.length; i += size) yield x.slice(i, i + size);
}

async function collect(gen: AsyncGenerator<KeywordEvent>): Promise<KeywordEvent[]> {
  const out: KeywordEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

describe('detectKeywords', () => {
  it('fires once per word, near its time, whatever the chunk size, and skips silent windows', async () => {
    const x = signal(8, [[1, 1], [4, 0.5], [6.5, 1]]);
    for (const size of [37, 1000, x.length]) {
      const core = scripted();
      const events = await collect(detectKeywords(core, chunks(x, size), { sampleRate: RATE }));
      expect(events.map((e) => e.label)).toEqual(['a', 'b', 'a']);
      events.forEach((e, i) => expect(Math.abs(e.time - [1.15, 4.15, 6.65][i]!)).toBeLessThan(0.5));
      expect(events.every((e) => e.score >= 0.7)).toBe(true);
      expect(core.windows).toBeLessThan(50); // ~79 windows, most of them silent
    }
  });

  it('the refractory period merges words closer than it; a high threshold or an ignored label drops them', async () => {
    const x = signal(6, [[1, 1], [1.5, 1]]);
    expect(await collect(detectKeywords(scripted(), [x], { sampleRate: RATE, refractorySeconds: 2 }))).toHaveLength(1);
    expect(await collect(detectKeywords(scripted(), [x], { sampleRate: RATE, threshold: 0.99 }))).toHaveLength(0);
    expect(await collect(detectKeywords(scripted(), [x], { sampleRate: RATE, ignoreLabels: ['a'] }))).toHaveLength(0);
  });

  it('a word at the very end is still found (the tail is padded)', async () => {
    const events = await collect(detectKeywords(scripted(), [signal(2, [[1.6, 1]])], { sampleRate: RATE }));
    expect(events.map((e) => e.label)).toEqual(['a']);
  });

  it('rejects bad options and chunks that are not Float32Array', async () => {
    await expect(collect(detectKeywords(scripted(), [], { sampleRate: 0 }))).rejects.toThrow('detect.sampleRate');
    await expect(collect(detectKeywords(scripted(), [], { sampleRate: RATE, threshold: 2 }))).rejects.toThrow('detect.threshold');
    await expect(collect(detectKeywords(scripted(), [[0.1, 0.2] as never], { sampleRate: RATE }))).rejects.toThrow('stream chunks must be Float32Array');
    for (const stream of [5, null, undefined, { chunks: [] }]) {
      await expect(collect(detectKeywords(scripted(), stream as never, { sampleRate: RATE }))).rejects.toThrow('detect: the stream must be an iterable or async iterable of Float32Array chunks');
    }
  });
});
