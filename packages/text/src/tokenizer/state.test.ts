import { describe, expect, it } from 'vitest';
import { corpus } from '../test-support/corpus.js';
import { Tokenizer } from './tokenizer.js';
import { trainTokenizer } from './trainer.js';

const tokenizer = trainTokenizer(corpus, { vocabSize: 300 });
const state = tokenizer.toJSON();

describe('tokenizer state', () => {
  it('is plain, versioned JSON that reloads to the same ids', () => {
    expect(state).toMatchObject({ format: 'attune-text/wordpiece', version: 1, lowercase: true, continuingSubwordPrefix: '##' });
    const reloaded = Tokenizer.fromJSON(JSON.parse(JSON.stringify(state)));
    for (const text of [...corpus, 'unseen 🦄 text 鑫']) expect(reloaded.encode(text).ids).toEqual(tokenizer.encode(text).ids);
    expect(reloaded.toJSON()).toEqual(state);
  });

  it('is a copy: editing it does not change the tokenizer', () => {
    const copy = tokenizer.toJSON();
    copy.vocab[10] = 'edited';
    expect(tokenizer.toJSON().vocab[10]).not.toBe('edited');
  });

  const broken: Array<[string, unknown, string]> = [
    ['not an object', 'vocab', 'Invalid tokenizerState: got "vocab"; expected a tokenizer state object'],
    ['null', null, 'Invalid tokenizerState: got null'],
    ['a foreign state', { format: 'attune-recommend/items', version: 1 }, 'is this an @attune/text tokenizer state?'],
    ['a newer version', { ...state, version: 2 }, 'written by a newer @attune/text'],
    ['a missing flag', { ...state, lowercase: undefined }, 'Invalid tokenizerState.lowercase: got undefined; expected a boolean'],
    ['a vocabulary that is not an array', { ...state, vocab: 'abc' }, 'Invalid tokenizerState.vocab: got "string"; expected an array of strings.'],
    ['a non-string token', { ...state, vocab: [...state.vocab.slice(0, 7), 7] }, 'Invalid tokenizerState.vocab[7]: got "number"; expected a string.'],
    ['a duplicated token', { ...state, vocab: [...state.vocab, state.vocab[9]] }, 'expected a token that appears once (it is also vocab[9])'],
    ['an empty token', { ...state, vocab: [...state.vocab, ''] }, 'expected a non-empty, well-formed token'],
    ['a lone surrogate', { ...state, vocab: [...state.vocab, 'a\uD800'] }, 'well-formed'],
    ['special tokens out of order', { ...state, specialTokens: ['[UNK]', '[PAD]', '[CLS]', '[SEP]', '[MASK]'] }, 'specialTokens[0]: got "[UNK]"; expected "[PAD]"'],
    ['a vocabulary missing the specials', { ...state, vocab: state.vocab.slice(5) }, 'Invalid tokenizerState.vocab[0]'],
  ];
  it.each(broken)('refuses %s with a ConfigError that names the field', (_, value, message) => {
    expect(() => Tokenizer.fromJSON(value)).toThrow(message);
    try {
      Tokenizer.fromJSON(value);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('INVALID_CONFIG');
    }
  });
});
