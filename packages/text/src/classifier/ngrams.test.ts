import { describe, expect, it } from 'vitest';
import { buildNgramVocabulary, ngramHashes, ngramIdf, ngramLookup, textNgramIds, type NgramOptions } from './ngrams.js';

const o: NgramOptions = { wordNgrams: 2, charNgrams: [3, 4], lowercase: true };

describe('n-grams', () => {
  it('hashes word 1..n-grams and character n-grams of each word', () => {
    const hashes = ngramHashes('My card', o);
    // words: my, card → 2 unigrams + 1 bigram; "<my>": 2 trigrams + 1 4-gram; "<card>": 4 + 3
    expect(hashes).toHaveLength(3 + 3 + 7);
    expect(hashes.every((h) => Number.isInteger(h) && h >= 0 && h < 2 ** 32)).toBe(true);
    expect(ngramHashes('MY  CARD', o)).toEqual(hashes); // same normalisation as the tokenizer (lower-case, spaces)
    expect(ngramHashes('card my', o)).not.toEqual(hashes); // the bigram sees the order
  });

  it('keeps word and character n-grams apart', () => {
    const [word] = ngramHashes('car', { ...o, charNgrams: [0, 0] });
    expect(ngramHashes('<car>', { ...o, wordNgrams: 0 })).not.toContain(word);
  });

  it('treats each Han character as a word: character 1..n-grams on Chinese', () => {
    expect(ngramHashes('中国队夺冠', { ...o, wordNgrams: 3 })).toHaveLength(5 + 4 + 3); // no character n-grams inside one-character words
  });

  it('keeps n-grams found in at least minCount texts, the most frequent first, up to maxSize', () => {
    const texts = ['my card', 'my card', 'my refund', 'a transfer'];
    const words = { ...o, charNgrams: [0, 0] as const, wordNgrams: 1 };
    const vocab = buildNgramVocabulary(texts, words, 10, 2);
    expect(vocab.sort()).toEqual(ngramHashes('my card', words).sort()); // "my" (3 texts) and "card" (2)
    const [my] = ngramHashes('my', words);
    expect(buildNgramVocabulary(texts, words, 1, 2)).toEqual([my]);
    expect([...vocab].sort((a, b) => a - b)).toEqual(vocab); // stored ascending
  });

  it('weighs each vocabulary n-gram by its smoothed inverse document frequency', () => {
    const texts = ['my card', 'my card', 'my refund', 'a transfer'];
    const words = { ...o, charNgrams: [0, 0] as const, wordNgrams: 1 };
    const vocab = buildNgramVocabulary(texts, words, 10, 2);
    const [my, card] = ngramHashes('my card', words);
    const idf = ngramIdf(texts, words, vocab);
    expect(idf[vocab.indexOf(my!)]).toBeCloseTo(Math.log(5 / 4) + 1, 12); // in 3 of 4 texts
    expect(idf[vocab.indexOf(card!)]).toBeCloseTo(Math.log(5 / 3) + 1, 12); // in 2: rarer, weighs more
    expect(ngramIdf(['card card'], words, vocab)[vocab.indexOf(card!)]).toBeCloseTo(1, 12); // repeats count once
  });

  it('maps a text to known ids only, capped, and says when it cut', () => {
    const words = { ...o, charNgrams: [0, 0] as const, wordNgrams: 1 };
    const lookup = ngramLookup(buildNgramVocabulary(['my card', 'my card'], words, 10, 2));
    const { ids, cut } = textNgramIds('where is my card my card', words, lookup, 3);
    expect(Array.from(ids).every((id) => id === 1 || id === 2)).toBe(true);
    expect(ids).toHaveLength(3);
    expect(cut).toBe(true);
    expect(textNgramIds('my card', words, lookup, 3).cut).toBe(false);
    expect(textNgramIds('', words, lookup, 3).ids).toHaveLength(0);
  });
});
