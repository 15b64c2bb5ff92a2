import { AttuneError } from '@attune/core';
import { describe, expect, it } from 'vitest';
import { corpus } from '../test-support/corpus.js';
import { trainTokenizer } from './trainer.js';

describe('trainTokenizer', () => {
  it('puts [PAD]=0 [UNK] [CLS] [SEP] [MASK] first, then extra special tokens', () => {
    const tokenizer = trainTokenizer(corpus, { vocabSize: 300, specialTokens: ['[URL]', '[MASK]'] });
    expect(tokenizer.toJSON().vocab.slice(0, 6)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', '[URL]']);
    expect(tokenizer.tokenToId('[URL]')).toBe(5);
  });

  it('keeps every character seen, then learns frequent pieces', () => {
    const vocab = trainTokenizer(corpus, { vocabSize: 400 }).toJSON().vocab;
    for (const c of ['p', '##p', '中', '👍', '❤️', '🇫🇷', '##a']) expect(vocab).toContain(c);
    expect(vocab).toContain('payment');
    expect(vocab).toContain('card');
  });

  it('never exceeds vocabSize and keeps the most frequent characters when it must cut', () => {
    const tokenizer = trainTokenizer(corpus, { vocabSize: 12 });
    expect(tokenizer.vocabSize).toBe(12);
    expect(tokenizer.toJSON().vocab).toContain('##a');
  });

  it('learns no merge rarer than minFrequency', () => {
    const vocab = trainTokenizer(['abc abc xyz'], { vocabSize: 100, minFrequency: 2 }).toJSON().vocab;
    expect(vocab).toContain('abc');
    expect(vocab).not.toContain('xy');
  });

  it('breaks ties by the merged string, so the order of the texts does not matter', () => {
    // "ab" and "cd" both occur twice; "ab" sorts first and is merged first.
    const a = trainTokenizer(['cd ab', 'ab cd'], { vocabSize: 100 }).toJSON().vocab;
    const b = trainTokenizer(['ab cd', 'cd ab'], { vocabSize: 100 }).toJSON().vocab;
    expect(a).toEqual(b);
    expect(a.indexOf('ab')).toBeLessThan(a.indexOf('cd'));
    const shuffled = [...corpus].reverse();
    expect(trainTokenizer(shuffled, { vocabSize: 300 }).toJSON()).toEqual(trainTokenizer(corpus, { vocabSize: 300 }).toJSON());
  });

  it('records the lower-casing choice and applies it', () => {
    const cased = trainTokenizer(['Card card CARD'], { lowercase: false, minFrequency: 1 });
    expect(cased.lowercase).toBe(false);
    expect(cased.tokenize('Card CARD')).toEqual(['Card', 'CARD']);
    const uncased = trainTokenizer(['Card card CARD'], { minFrequency: 1 });
    expect(uncased.tokenize('Card CARD')).toEqual(['card', 'card']);
  });

  it('trains on empty input and still encodes', () => {
    const tokenizer = trainTokenizer([]);
    expect(tokenizer.vocabSize).toBe(5);
    expect(tokenizer.encode('hi').ids).toEqual([2, 1, 1, 3]);
  });

  it('rejects bad options and non-string texts with clear errors', () => {
    expect(() => trainTokenizer(corpus, { vocabSize: 3 })).toThrow('Invalid vocabSize: got 3; expected an integer from 5');
    expect(() => trainTokenizer(corpus, { minFrequency: 0 })).toThrow('Invalid minFrequency');
    expect(() => trainTokenizer(['a', 7 as unknown as string])).toThrow('texts[1] is number');
    expect(() => trainTokenizer(null as unknown as string[])).toThrow('expected an iterable of strings');
    try {
      trainTokenizer(corpus, { specialTokens: [''] });
    } catch (e) {
      expect(AttuneError.isInstance(e) && e.code).toBe('INVALID_CONFIG');
    }
  });
});
