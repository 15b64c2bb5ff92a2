import { normalizeText, preTokenize } from '../tokenizer/index.js';
import { isAtomicWord } from '../tokenizer/pre-tokenize.js';

/** How texts become hashed n-gram ids for the bag-of-n-grams branch (fastText-style). */
export interface NgramOptions {
  /** Hash buckets; ids lie in [1, buckets) and 0 is padding. 0 turns the branch off. */
  buckets: number;
  /** Word n-grams of length 1..wordNgrams (Han characters are words, so this is char 1..n on Chinese). */
  wordNgrams: number;
  /** Character n-grams of each word wrapped in `<` `>`, lengths [min, max]; [0, 0] turns them off. */
  charNgrams: readonly [number, number];
  /** At most this many n-grams per text (the first ones are kept). */
  maxNgrams: number;
  lowercase: boolean;
}

/**
 * The hashed n-gram ids of a text. Hashing (FNV-1a over UTF-16 code units) keeps the state free of
 * an n-gram vocabulary: the same text gives the same ids anywhere, and the graph only sees ids.
 * Word n-grams and character n-grams hash in separate spaces (a `w`/`c` prefix), so "ab" the word
 * and "ab" inside a word stay apart.
 */
export function textNgrams(text: string, o: NgramOptions): Int32Array {
  const out: number[] = [];
  if (o.buckets <= 1) return new Int32Array(0);
  const words = preTokenize(normalizeText(text, o.lowercase));
  const push = (prefix: number, gram: string): boolean => {
    out.push(1 + (fnv1a(prefix, gram) % (o.buckets - 1)));
    return out.length < o.maxNgrams;
  };
  for (let n = 1; n <= o.wordNgrams; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      if (!push(0x77, n === 1 ? words[i]! : words.slice(i, i + n).join(' '))) return Int32Array.from(out);
    }
  }
  const [lo, hi] = o.charNgrams;
  if (lo > 0) {
    for (const word of words) {
      // one Han character or emoji: its only n-gram is itself, already a word unigram
      if (isAtomicWord(word) || word.length < 2) continue;
      const w = `<${word}>`;
      for (let n = lo; n <= hi; n++) {
        for (let i = 0; i + n <= w.length; i++) if (!push(0x63, w.slice(i, i + n))) return Int32Array.from(out);
      }
    }
  }
  return Int32Array.from(out);
}

function fnv1a(prefix: number, s: string): number {
  let h = Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
