import { describe, expect, it } from 'vitest';
import { seededRandom } from '../test-support/random.js';
import { readWav } from './read-wav.js';
import { writeWav } from './write-wav.js';

const rand = seededRandom(11);
const channel = (n: number) => Float32Array.from({ length: n }, () => rand() * 1.98 - 0.99);

describe('writeWav → readWav round trip', () => {
  const cases = [
    { bits: 8, float: false, step: 1 / 128 },
    { bits: 16, float: false, step: 1 / 32768 },
    { bits: 24, float: false, step: 1 / 8388608 },
    { bits: 32, float: false, step: 1 / 2147483648 },
    { bits: 32, float: true, step: 0 },
    { bits: 64, float: true, step: 0 },
  ] as const;
  for (const { bits, float, step } of cases) {
    for (const numChannels of [1, 2, 6]) {
      for (const extensible of [false, true]) {
        const label = `${float ? 'float' : 'PCM'} ${bits}-bit, ${numChannels} channel(s)${extensible ? ', extensible' : ''}`;
        it(label, () => {
          const channels = Array.from({ length: numChannels }, () => channel(1001));
          const wav = readWav(writeWav(channels, 22050, bits, { float, extensible }));
          expect(wav).toMatchObject({ sampleRate: 22050, channels: numChannels, bitsPerSample: bits, warnings: [] });
          expect(wav.format).toBe(float ? 'float' : 'pcm');
          let worst = 0;
          for (let t = 0; t < 1001; t++) {
            const mean = channels.reduce((s, c) => s + c[t]!, 0) / numChannels;
            worst = Math.max(worst, Math.abs(wav.samples[t]! - mean));
          }
          // half a quantisation step from rounding, plus float32 rounding of the mono mix
          expect(worst).toBeLessThanOrEqual(step / 2 + 1.2e-7);
        });
      }
    }
  }

  it('clips values beyond full scale instead of wrapping', () => {
    const wav = readWav(writeWav(Float32Array.from([1.5, -1.5]), 8000, 16));
    expect(Array.from(wav.samples)).toEqual([32767 / 32768, -1]);
  });

  it('reads an empty data chunk as an empty clip', () => {
    expect(readWav(writeWav(new Float32Array(0), 16000)).samples.length).toBe(0);
  });
});
