import { InputError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../test-support/random.js';
import { readWav } from './read-wav.js';
import { writeWav } from './write-wav.js';

/** readWav must return or throw an InputError, nothing else (no RangeError from a DataView). */
function readsOrRejects(bytes: Uint8Array): void {
  try {
    readWav(bytes);
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`readWav threw ${String(e)} for bytes [${Array.from(bytes.subarray(0, 64))}]`);
  }
}

describe('readWav on random and mutated bytes', () => {
  const rand = seededRandom(2024);
  const randomInt = (n: number) => Math.floor(rand() * n);

  it('never throws anything but an InputError on 3000 random byte strings', () => {
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: randomInt(200) }, () => randomInt(256));
      if (i % 2 === 0 && bytes.length >= 12) bytes.set([...'RIFF????WAVE'].map((c) => c.charCodeAt(0))); // get past the magic
      readsOrRejects(bytes);
    }
  });

  it('never throws anything but an InputError on 5000 valid files with corrupted or cut bytes', () => {
    const seeds = [
      writeWav(Float32Array.from({ length: 50 }, () => rand() - 0.5), 8000, 16),
      writeWav([new Float32Array(30), new Float32Array(30)], 44100, 24, { extensible: true }),
      writeWav(new Float32Array(20), 16000, 32, { float: true }),
    ];
    for (let i = 0; i < 5000; i++) {
      const bytes = seeds[i % seeds.length]!.slice(0, 12 + randomInt(200));
      for (let k = randomInt(6); k > 0; k--) bytes[randomInt(Math.min(bytes.length, 80))] = randomInt(256);
      readsOrRejects(bytes);
    }
  });

  it('does not hang or allocate wildly on a file full of huge chunk sizes', () => {
    const bytes = new Uint8Array(4096).fill(0xff);
    bytes.set([...'RIFF\xff\xff\xff\xffWAVE'].map((c) => c.charCodeAt(0)));
    const started = Date.now();
    readsOrRejects(bytes);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
