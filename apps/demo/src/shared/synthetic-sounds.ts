// A SYNTHETIC keyword data set (no recordings needed, so a fresh clone can train a keyword spotter):
// four whistle-like "words" and a background class, each clip 1 s at 16 kHz with a little noise.
// The UI labels the model trained on it as synthetic. Deterministic from a seed.
import { Rng } from '@attune/core';

export const SYNTHETIC_RATE = 16000;

/** The sound classes; `background` is noise only (detection ignores it). */
export const SYNTHETIC_LABELS = ['rise', 'fall', 'double', 'hum', 'background'] as const;
export type SyntheticLabel = (typeof SYNTHETIC_LABELS)[number] | 'warble';

/** What each sound is, for the UI. */
export const SYNTHETIC_DESCRIPTIONS: Record<SyntheticLabel, string> = {
  rise: 'a whistle gliding up',
  fall: 'a whistle gliding down',
  double: 'two short beeps',
  hum: 'a low steady hum with vibrato',
  background: 'noise only',
  warble: 'a fast trill (not in the training set: enrol it)',
};

/**
 * One clip of `label`: `seconds` long, the sound at a random place with random pitch, length, level
 * and noise. `warble` is held out of training, for the enrolment demo and its test.
 */
export function syntheticClip(label: SyntheticLabel, seed: number, seconds = 1): Float32Array {
  const rng = new Rng(seed);
  const n = Math.round(seconds * SYNTHETIC_RATE);
  const out = new Float32Array(n);
  const noise = 0.003 + 0.01 * rng.next();
  for (let i = 0; i < n; i++) out[i] = noise * rng.normal();
  if (label === 'background') return out;
  const length = Math.round((0.35 + 0.3 * rng.next()) * SYNTHETIC_RATE);
  const start = Math.floor(rng.next() * Math.max(1, n - length));
  const level = 0.25 + 0.4 * rng.next();
  const base = 500 + 700 * rng.next();
  let phase = 0;
  for (let i = 0; i < length && start + i < n; i++) {
    const t = i / length; // 0..1 through the sound
    let f: number;
    let gate = 1;
    switch (label) {
      case 'rise':
        f = base * (1 + 1.5 * t);
        break;
      case 'fall':
        f = base * (2.5 - 1.5 * t);
        break;
      case 'double':
        f = base * 1.6;
        gate = t < 0.35 || (t > 0.6 && t < 0.95) ? 1 : 0;
        break;
      case 'hum':
        f = base * 0.35 * (1 + 0.03 * Math.sin(2 * Math.PI * 6 * (i / SYNTHETIC_RATE)));
        break;
      case 'warble':
        f = base * (1.4 + 0.4 * Math.sign(Math.sin(2 * Math.PI * 12 * (i / SYNTHETIC_RATE))));
        break;
    }
    phase += (2 * Math.PI * f) / SYNTHETIC_RATE;
    // 10 ms fades: no clicks at the edges
    const fade = Math.min(1, i / 160, (length - i) / 160);
    out[start + i]! += level * gate * fade * (Math.sin(phase) + 0.3 * Math.sin(2 * phase));
  }
  return out;
}

/** `perLabel` clips of every training label, seeds derived from `seed`. */
export function syntheticDataset(perLabel: number, seed: number): { audio: Float32Array; sampleRate: number; label: string }[] {
  const out: { audio: Float32Array; sampleRate: number; label: string }[] = [];
  SYNTHETIC_LABELS.forEach((label, k) => {
    for (let i = 0; i < perLabel; i++) out.push({ audio: syntheticClip(label, seed * 1_000_003 + k * 10_007 + i), sampleRate: SYNTHETIC_RATE, label });
  });
  return out;
}
