// Synthetic keyword clips: a low and a high tone per label folder (learnable in a few epochs).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeWav } from '@attune/speech';

export function tone(freq: number, seconds: number, sampleRate: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const noise = () => (((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24 - 0.5) * 0.1;
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / sampleRate) + noise());
}

/** `<dir>/low/*.wav` and `<dir>/high/*.wav`, `perLabel` clips each. */
export function writeToneFolders(dir: string, perLabel: number, sampleRate = 8000): string {
  for (const [label, freq] of [['low', 300], ['high', 1500]] as const) {
    mkdirSync(path.join(dir, label), { recursive: true });
    for (let i = 0; i < perLabel; i++) {
      const clip = tone(freq * (1 + (i % 5) * 0.04), 0.4 + (i % 3) * 0.1, sampleRate, i + 1);
      writeFileSync(path.join(dir, label, `${String(i).padStart(3, '0')}.wav`), writeWav(clip, sampleRate, 16));
    }
  }
  return dir;
}
