import { describe, expect, it } from 'vitest';
import { textNgrams, type NgramOptions } from './ngrams.js';

const o: NgramOptions = { buckets: 1 << 16, wordNgrams: 2, charNgrams: [3, 4], maxNgrams: 256, lowercase: true };

describe('textNgrams', () => {
  it('hashes word 1..n-grams and character n-grams of each word into [1, buckets)', () => {
    const ids = textNgrams('My card', o);
    // words: my, card → 2 unigrams + 1 bigram; "<my>": 2 trigrams + 1 4-gram; "<card>": 4 + 3
    expect(ids).toHaveLength(3 + 3 + 7);
    expect(ids.every((id) => id >= 1 && id < o.buckets)).toBe(true);
    expect(textNgrams('MY  CARD', o)).toEqual(ids); // same normalisation as the tokenizer (lower-case, spaces)
    expect(textNgrams('card my', o)).not.toEqual(ids); // the bigram sees the order
  });

  it('keeps word and character n-grams apart', () => {
    const word = textNgrams('car', { ...o, charNgrams: [0, 0] });
    const inside = textNgrams('<car>', { ...o, wordNgrams: 0 });
    expect(word).toHaveLength(1);
    expect(inside).not.toContain(word[0]);
  });

  it('treats each Han character as a word: character 1..n-grams on Chinese', () => {
    const ids = textNgrams('中国队夺冠', { ...o, wordNgrams: 3 });
    expect(ids).toHaveLength(5 + 4 + 3); // no character n-grams inside one-character words
  });

  it('caps the number of n-grams, and gives none for empty text or buckets 0', () => {
    expect(textNgrams('word '.repeat(500), { ...o, maxNgrams: 10 })).toHaveLength(10);
    expect(textNgrams('', o)).toHaveLength(0);
    expect(textNgrams('some text', { ...o, buckets: 0 })).toHaveLength(0);
  });
});
