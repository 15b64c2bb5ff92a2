import { normalizeText, preTokenize } from '../tokenizer/index.js';
import { isAtomicWord } from '../tokenizer/pre-tokenize.js';

/** Which n-grams a text has (fastText-style). */
export interface NgramOptions {
  /** Word n-grams of length 1..wordNgrams (Han characters are words, so this is char 1..n on Chinese). */
  wordNgrams: number;
  /** Character n-grams of each word wrapped in `<` `>`, lengths [min, max]; [0, 0] turns them off. */
  charNgrams: readonly [number, number];
  lowercase: boolean;
}

/**
 * The 32-bit hashes (FNV-1a over UTF-16 code units) of a text's word and character n-grams, in text
 * order, repeats kept. Word and character n-grams hash in separate spaces (a `w`/`c` prefix), so
 * "ab" the word and "ab" inside a word stay apart. Hashes, not strings, are what the state keeps.
 */
export function ngramHashes(text: string, o: NgramOptions): number[] {
  const out: number[] = [];
  const words = preTokenize(normalizeText(text, o.lowercase));
  for (let n = 1; n <= o.wordNgrams; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(fnv1a(0x77, n === 1 ? words[i]! : words.slice(i, i + n).join(' ')));
  }
  const [lo, hi] = o.charNgrams;
  if (lo > 0) {
    for (const word of words) {
      // one Han character or emoji: its only n-gram is itself, already a word unigram
      if (isAtomicWord(word) || word.length < 2) continue;
      const w = `<${word}>`;
      for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= w.length; i++) out.push(fnv1a(0x63, w.slice(i, i + n)));
    }
  }
  return out;
}

/**
 * The n-gram vocabulary: hashes found in at least `minCount` training texts, the `maxSize` most
 * frequent of them (ties: smaller hash), sorted ascending. N-grams seen in one text only cannot
 * generalise (TF-IDF's `min_df`), and a pruned table is what keeps the branch cheap: AdamW updates
 * every row of it at every step.
 */
export function buildNgramVocabulary(texts: readonly string[], o: NgramOptions, maxSize: number, minCount: number): number[] {
  const df = new Map<number, number>();
  for (const text of texts) for (const h of new Set(ngramHashes(text, o))) df.set(h, (df.get(h) ?? 0) + 1);
  return [...df]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxSize)
    .map(([h]) => h)
    .sort((a, b) => a - b);
}

/**
 * Smoothed inverse document frequency of each vocabulary n-gram over the training texts,
 * ln((1 + N) / (1 + df)) + 1 (scikit-learn's `smooth_idf`; at least 1), in vocabulary order. It is
 * what TF-IDF weighs a feature by: an n-gram found in most texts (a common character) says little
 * about the label, a rarer one more.
 */
export function ngramIdf(texts: readonly string[], o: NgramOptions, vocabulary: readonly number[]): number[] {
  const lookup = ngramLookup(vocabulary);
  const df = new Array<number>(vocabulary.length).fill(0);
  for (const text of texts) {
    for (const h of new Set(ngramHashes(text, o))) {
      const id = lookup.get(h);
      if (id !== undefined) df[id - 1]! += 1;
    }
  }
  return df.map((n) => Math.log((1 + texts.length) / (1 + n)) + 1);
}

/** hash → id (1-based; 0 is padding) for a vocabulary. */
export function ngramLookup(vocabulary: readonly number[]): Map<number, number> {
  return new Map(vocabulary.map((h, i) => [h, i + 1]));
}

/**
 * A text's n-gram ids: known n-grams only, at most `max` (the first ones). `cut` says whether
 * known n-grams were left out.
 */
export function textNgramIds(text: string, o: NgramOptions, lookup: ReadonlyMap<number, number>, max: number): { ids: Int32Array; cut: boolean } {
  const ids: number[] = [];
  for (const h of ngramHashes(text, o)) {
    const id = lookup.get(h);
    if (id === undefined) continue;
    if (ids.length === max) return { ids: Int32Array.from(ids), cut: true };
    ids.push(id);
  }
  return { ids: Int32Array.from(ids), cut: false };
}

function fnv1a(prefix: number, s: string): number {
  let h = Math.imul(0x811c9dc5 ^ prefix, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
