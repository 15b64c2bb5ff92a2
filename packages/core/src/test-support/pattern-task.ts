// A small real sequence task that needs attention: does the sequence contain the bigram (A, B)
// anywhere? Negatives may contain A and B, just never adjacent in that order, so counting tokens
// is not enough; the model has to relate neighbouring positions.
import { Rng } from '../util/random.js';
import type { SequenceExample } from '../models/sequence-classifier.js';

export const PATTERN: [number, number] = [3, 7];

export function patternTask(count: number, seed: number, vocab = 12, minLen = 8, maxLen = 16): SequenceExample[] {
  const rng = new Rng(seed);
  const out: SequenceExample[] = [];
  for (let n = 0; n < count; n++) {
    const len = minLen + rng.int(maxLen - minLen + 1);
    const ids: number[] = [];
    for (let i = 0; i < len; i++) ids.push(1 + rng.int(vocab - 1)); // 0 is padding
    const positive = n % 2 === 0;
    // remove every accidental occurrence, then plant one for positives
    for (let i = 1; i < len; i++) if (ids[i - 1] === PATTERN[0] && ids[i] === PATTERN[1]) ids[i] = PATTERN[0];
    if (positive) {
      const at = rng.int(len - 1);
      ids[at] = PATTERN[0];
      ids[at + 1] = PATTERN[1];
    }
    out.push({ ids, label: contains(ids) ? 1 : 0 });
  }
  return out;
}

function contains(ids: number[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1] === PATTERN[0] && ids[i] === PATTERN[1]) return true;
  return false;
}
