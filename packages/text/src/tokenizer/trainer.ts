import { ConfigError, InputError } from '@attune/core';
import { Heap } from './heap.js';
import { normalizeText } from './normalize.js';
import { isAtomicWord, preTokenize } from './pre-tokenize.js';
import { MAX_VOCAB_SIZE, REQUIRED_SPECIAL_TOKENS, STATE_FORMAT, STATE_VERSION } from './state.js';
import { Tokenizer } from './tokenizer.js';

export interface TrainTokenizerOptions {
  /** Target vocabulary size, special tokens included. Default 8000. Smaller if the texts run out of merges. */
  vocabSize?: number;
  /** A merge is learned only if the pair occurs at least this often (counting repeated words). Default 2. */
  minFrequency?: number;
  /** Lower-case after NFKC, at training and encoding time. Default true. */
  lowercase?: boolean;
  /** Extra special tokens, placed after [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4 (those are always there). */
  specialTokens?: string[];
}

/**
 * Learns a WordPiece vocabulary from `texts`.
 *
 * The vocabulary is: special tokens; then every character seen (as a word start `x` and, where seen
 * inside a word, as a continuation `##x`; a CJK character or an emoji sequence whole), most frequent first; then learned pieces in the order they
 * were merged. Merging is BPE-style (Hugging Face's WordPiece trainer does the same): repeatedly join the
 * adjacent pair of pieces that occurs most often across all words. Ties are broken by the merged string,
 * then by the left piece, in UTF-16 code-unit order, so the result depends only on the multiset of texts
 * (not their order, not the platform). If there are more distinct characters than room, the most frequent
 * are kept (same tie rule) and the rest encode as [UNK].
 */
export function trainTokenizer(texts: Iterable<string>, options: TrainTokenizerOptions = {}): Tokenizer {
  const { vocabSize = 8000, minFrequency = 2, lowercase = true } = options;
  const specials = specialList(options.specialTokens);
  if (!Number.isInteger(vocabSize) || vocabSize < specials.length || vocabSize > MAX_VOCAB_SIZE) {
    throw new ConfigError('vocabSize', vocabSize, `an integer from ${specials.length} to ${MAX_VOCAB_SIZE}`);
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1) {
    throw new ConfigError('minFrequency', minFrequency, 'an integer >= 1');
  }
  if (typeof lowercase !== 'boolean') throw new ConfigError('lowercase', lowercase, 'a boolean');

  const words = countWords(texts, lowercase);
  const vocab = [...specials];
  const ids = new Map(vocab.map((t, i) => [t, i]));

  // Alphabet: each word as a list of characters, continuations prefixed.
  const charCounts = new Map<string, number>();
  const spelled: string[][] = [];
  for (const [word, count] of words) {
    const chars = isAtomicWord(word) ? [word] : Array.from(word, (c, i) => (i === 0 ? c : '##' + c));
    spelled.push(chars);
    for (const c of chars) charCounts.set(c, (charCounts.get(c) ?? 0) + count);
  }
  const alphabet = [...charCounts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
  for (const [c] of alphabet.slice(0, vocabSize - vocab.length)) {
    if (!ids.has(c)) ids.set(c, vocab.push(c) - 1);
  }

  // Words as id lists (-1: a character that did not fit; pairs with it are never merged).
  const symbols = spelled.map((chars) => chars.map((c) => ids.get(c) ?? -1));
  const counts = [...words.values()];
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const queue = new Heap<Candidate>(
    (a, b) => a.count > b.count || (a.count === b.count && (a.merged < b.merged || (a.merged === b.merged && a.left < b.left)))
  );
  const addPairs = (w: number, sign: 1 | -1, changed: Set<number>) => {
    const s = symbols[w]!;
    for (let i = 0; i + 1 < s.length; i++) {
      if (s[i]! < 0 || s[i + 1]! < 0) continue;
      const key = s[i]! * MAX_VOCAB_SIZE + s[i + 1]!;
      pairCount.set(key, (pairCount.get(key) ?? 0) + sign * counts[w]!);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(w);
      }
      changed.add(key);
    }
  };
  const enqueue = (keys: Iterable<number>) => {
    for (const key of keys) {
      const count = pairCount.get(key)!;
      if (count < minFrequency) continue; // if a later merge lifts it over the floor, it is queued then
      const left = vocab[Math.floor(key / MAX_VOCAB_SIZE)]!;
      queue.push({ key, count, left, merged: left + vocab[key % MAX_VOCAB_SIZE]!.slice(2) });
    }
  };
  const initial = new Set<number>();
  symbols.forEach((_, w) => addPairs(w, 1, initial));
  enqueue(initial);

  while (vocab.length < vocabSize) {
    const best = queue.pop();
    if (!best) break;
    if (pairCount.get(best.key) !== best.count) continue; // stale entry: the count changed since it was queued
    let id = ids.get(best.merged);
    if (id === undefined) ids.set(best.merged, (id = vocab.push(best.merged) - 1));
    const a = Math.floor(best.key / MAX_VOCAB_SIZE);
    const b = best.key % MAX_VOCAB_SIZE;
    const changed = new Set<number>();
    for (const w of pairWords.get(best.key) ?? []) {
      const s = symbols[w]!;
      addPairs(w, -1, changed);
      const merged: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (s[i] === a && s[i + 1] === b) merged.push(id), i++;
        else merged.push(s[i]!);
      }
      symbols[w] = merged;
      addPairs(w, 1, changed);
    }
    pairWords.delete(best.key);
    enqueue(changed);
  }

  return Tokenizer.fromJSON({
    format: STATE_FORMAT,
    version: STATE_VERSION,
    lowercase,
    continuingSubwordPrefix: '##',
    specialTokens: specials,
    vocab,
  });
}

interface Candidate {
  key: number;
  count: number;
  left: string;
  merged: string;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function specialList(extra: unknown): string[] {
  if (extra === undefined) return [...REQUIRED_SPECIAL_TOKENS];
  if (!Array.isArray(extra) || extra.some((t) => typeof t !== 'string' || t === '')) {
    throw new ConfigError('specialTokens', extra, 'an array of non-empty strings');
  }
  return [...new Set<string>([...REQUIRED_SPECIAL_TOKENS, ...(extra as string[])])];
}

function countWords(texts: Iterable<string>, lowercase: boolean): Map<string, number> {
  if (texts === null || typeof (texts as Partial<Iterable<string>>)?.[Symbol.iterator] !== 'function') {
    throw new InputError(`trainTokenizer: expected an iterable of strings, got ${texts === null ? 'null' : typeof texts}.`);
  }
  const words = new Map<string, number>();
  let i = 0;
  for (const text of texts) {
    if (typeof text !== 'string') throw new InputError(`trainTokenizer: texts[${i}] is ${typeof text}; expected a string.`);
    for (const word of preTokenize(normalizeText(text, lowercase))) words.set(word, (words.get(word) ?? 0) + 1);
    i++;
  }
  return words;
}
