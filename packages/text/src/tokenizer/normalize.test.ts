import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('folds full-width letters, digits and punctuation with NFKC', () => {
    expect(normalizeText('ＡＢＣ１２３，！', false)).toBe('ABC123,!');
    expect(normalizeText('ﬁne ①', false)).toBe('fine 1');
  });

  it('composes combining sequences so both spellings of é agree', () => {
    expect(normalizeText('e\u0301', false)).toBe(normalizeText('\u00e9', false));
  });

  it('lower-cases only when asked, after NFKC', () => {
    expect(normalizeText('ＡBc', true)).toBe('abc');
    expect(normalizeText('ＡBc', false)).toBe('ABc');
  });

  it('drops control and format characters but keeps whitespace and emoji joiners', () => {
    expect(normalizeText('a\u0000b\u0007c\uFEFFd\u00ADe', false)).toBe('abcde');
    expect(normalizeText('a\tb\nc\r\nd', false)).toBe('a\tb\nc\r\nd');
    expect(normalizeText('👨\u200D👩', false)).toBe('👨\u200D👩');
  });

  it('replaces lone surrogates with U+FFFD and keeps valid pairs', () => {
    expect(normalizeText('a\uD800b\uDC00c', false)).toBe('a\uFFFDb\uFFFDc');
    expect(normalizeText('\uDC00\uD800', false)).toBe('\uFFFD\uFFFD');
    expect(normalizeText('😀', false)).toBe('😀');
  });
});
