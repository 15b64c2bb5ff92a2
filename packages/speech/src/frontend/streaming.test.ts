import { describe, expect, it } from 'vitest';
import { seededRandom } from '../test-support/random.js';
import { extractFeatures } from './clip.js';
import type { FeatureKind, FeatureMatrix } from './feature-matrix.js';
import { StreamingFrontEnd } from './streaming.js';

function noise(n: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

/** Feeds `samples` in chunks whose sizes come from `nextSize`, concatenating the frames. */
function stream(front: StreamingFrontEnd, samples: Float32Array, nextSize: () => number): FeatureMatrix {
  const parts: Float32Array[] = [];
  for (let p = 0; p < samples.length; ) {
    const size = Math.min(nextSize(), samples.length - p);
    const frames = front.push(samples.subarray(p, p + size));
    expect(frames.numFeatures).toBe(front.numFeatures);
    parts.push(frames.data);
    p += size;
  }
  const data = new Float32Array(parts.reduce((n, d) => n + d.length, 0));
  parts.reduce((offset, d) => (data.set(d, offset), offset + d.length), 0);
  return { data, numFrames: front.framesEmitted, numFeatures: front.numFeatures };
}

describe('StreamingFrontEnd', () => {
  const clip = noise(16000 + 123, 7); // not a whole number of hops
  const chunkings: [string, (rand: () => number) => () => number][] = [
    ['1 sample', () => () => 1],
    ['37 samples (does not divide the hop)', () => () => 37],
    ['one hop', () => () => 160],
    ['random 1..1000', (rand) => () => 1 + Math.floor(rand() * 1000)],
    ['random 1..5 (mostly tiny)', (rand) => () => 1 + Math.floor(rand() * 5)],
    ['the whole clip', () => () => clip.length],
  ];

  for (const kind of ['log-mel', 'mfcc'] as FeatureKind[]) {
    const whole = extractFeatures(clip, kind);
    for (const [name, makeSize] of chunkings) {
      it(`${kind}: chunks of ${name} give exactly the whole-clip frames`, () => {
        const streamed = stream(new StreamingFrontEnd(kind), clip, makeSize(seededRandom(42)));
        expect(streamed.numFrames).toBe(whole.numFrames);
        expect(streamed.data).toEqual(whole.data);
      });
    }
  }

  it('also matches when the hop is longer than the window (samples between frames are skipped)', () => {
    const config = { winLength: 200, hopLength: 300, nFft: 256 };
    const whole = extractFeatures(clip, 'mfcc', config);
    const rand = seededRandom(3);
    const streamed = stream(new StreamingFrontEnd('mfcc', config), clip, () => 1 + Math.floor(rand() * 400));
    expect(streamed.data).toEqual(whole.data);
  });

  it('starts a new utterance after reset()', () => {
    const front = new StreamingFrontEnd('log-mel');
    front.push(noise(1000, 1));
    front.reset();
    const again = front.push(clip);
    expect(again.data).toEqual(extractFeatures(clip, 'log-mel').data);
  });

  it('rejects a chunk that is not a Float32Array', () => {
    expect(() => new StreamingFrontEnd('mfcc').push([0.1, 0.2] as unknown as Float32Array)).toThrow(/Float32Array/);
  });
});
