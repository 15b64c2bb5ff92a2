import { describe, expect, it } from 'vitest';
import { corpus } from '../test-support/corpus.js';
import { trainTokenizer } from './trainer.js';

const tokenizer = trainTokenizer(corpus, { vocabSize: 400, minFrequency: 2 });

describe('Tokenizer.encode', () => {
  it('encodes English into known pieces wrapped in [CLS] … [SEP]', () => {
    const e = tokenizer.encode('My card payment?');
    expect(e.tokens).toEqual(['[CLS]', 'my', 'card', 'payment', '?', '[SEP]']);
    expect(e.ids[0]).toBe(tokenizer.clsId);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 1]);
    expect(e.truncated).toBe(false);
  });

  it('splits unseen words into ## pieces rather than [UNK]', () => {
    const pieces = tokenizer.tokenize('paydays');
    expect(pieces[0]).toBe('pay');
    expect(pieces.slice(1).every((p) => p.startsWith('##'))).toBe(true);
    expect(pieces).not.toContain('[UNK]');
  });

  it('encodes a Chinese headline one character per token', () => {
    expect(tokenizer.tokenize('中华学院招男生')).toEqual(['中', '华', '学', '院', '招', '男', '生']);
  });

  it('handles mixed Chinese, Latin, digits and full-width forms', () => {
    expect(tokenizer.tokenize('学院ＣＡＲＤ，２')).toEqual(['学', '院', 'card', ',', '2']);
  });

  it('keeps known emoji as single tokens and marks unseen ones [UNK] once per character', () => {
    expect(tokenizer.tokenize('payment 👍 ❤️ 👨‍👩‍👧')).toEqual(['payment', '👍', '❤️', '👨‍👩‍👧']);
    expect(tokenizer.tokenize('🦄')).toEqual(['[UNK]']);
    expect(tokenizer.tokenize('card🦄中')).toEqual(['card', '[UNK]', '中']);
  });

  it('turns only the unknown character of a word into [UNK]', () => {
    expect(tokenizer.tokenize('caжd')).toEqual(['ca', '[UNK]', '##d']); // no Cyrillic in the corpus
  });

  it('lower-cases by default, so case does not change ids', () => {
    expect(tokenizer.encode('MY CARD').ids).toEqual(tokenizer.encode('my card').ids);
  });

  it('pads to maxLength with [PAD]=0 and a zero mask', () => {
    const e = tokenizer.encode('my card', { maxLength: 6 });
    expect(e.ids).toEqual([2, e.ids[1], e.ids[2], 3, 0, 0]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 0, 0]);
    expect(e.tokens.slice(4)).toEqual(['[PAD]', '[PAD]']);
    expect(tokenizer.encode('my card', { maxLength: 6, padding: 'none' }).ids).toHaveLength(4);
  });

  it('truncates to maxLength, keeps [SEP] last and flags it', () => {
    const e = tokenizer.encode('my card payment was declined', { maxLength: 4 });
    expect(e.tokens).toEqual(['[CLS]', 'my', 'card', '[SEP]']);
    expect(e.truncated).toBe(true);
    expect(tokenizer.encode('my card', { maxLength: 4 }).truncated).toBe(false);
    expect(tokenizer.encode('my card', { maxLength: 3, addSpecialTokens: false }).tokens).toEqual(['my', 'card', '[PAD]']);
  });

  it('encodes empty text as [CLS] [SEP]', () => {
    expect(tokenizer.encode('').ids).toEqual([2, 3]);
  });

  it('rejects invalid options and non-strings', () => {
    expect(() => tokenizer.encode('x', { maxLength: 1 })).toThrow('Invalid maxLength: got 1; expected an integer >= 2');
    expect(() => tokenizer.encode('x', { padding: 'left' as 'max' })).toThrow('Invalid padding');
    expect(() => tokenizer.encode(42 as unknown as string)).toThrow('expected a string to encode, got number');
  });
});

describe('Tokenizer.encodeBatch', () => {
  it('encodes each text like encode()', () => {
    const texts = ['my card', '中华', ''];
    expect(tokenizer.encodeBatch(texts, { maxLength: 8 })).toEqual(texts.map((t) => tokenizer.encode(t, { maxLength: 8 })));
  });

  it("pads to the longest sequence with padding: 'longest'", () => {
    const batch = tokenizer.encodeBatch(['my card payment', 'hi'], { padding: 'longest' });
    expect(batch.map((e) => e.ids.length)).toEqual([5, 5]);
    const short = batch[1]!;
    expect(short.attentionMask).toEqual(short.ids.map((id) => (id === tokenizer.padId ? 0 : 1)));
    expect(short.ids.at(-1)).toBe(tokenizer.padId);
    const bare = tokenizer.encodeBatch(['', 'my card'], { padding: 'longest', addSpecialTokens: false });
    expect(bare[0]).toEqual({ ids: [0, 0], attentionMask: [0, 0], truncated: false, tokens: ['[PAD]', '[PAD]'] });
  });
});

describe('Tokenizer.decode', () => {
  it('rebuilds simple normalised text', () => {
    expect(tokenizer.decode(tokenizer.encode('my card payment, please help!').ids)).toBe('my card payment, please help!');
    expect(tokenizer.decode(tokenizer.encode('中华女子学院：本科', { maxLength: 20 }).ids)).toBe('中华女子学院: 本科');
  });

  it('keeps special tokens when asked and rejects ids outside the vocabulary', () => {
    expect(tokenizer.decode([2, 4, 3], { skipSpecialTokens: false })).toBe('[CLS] [MASK] [SEP]');
    expect(() => tokenizer.decode([tokenizer.vocabSize])).toThrow('is not in the vocabulary');
  });
});
